using TinCanChat.Client.Display;

namespace TinCanChat.Tests.Client;

/// <summary>A line wider than the terminal, as the screen would show it.</summary>
public class LongLineRedrawTests
{
    private const int Width = 20;

    // A console reading a line: the text typed, then the keys pressed, each redrawn.
    private static (FakeTerminal Terminal, InteractiveConsole Console, Thread Reader) Editing(int width, string text, params ConsoleKeyInfo[] keys)
    {
        var terminal = new FakeTerminal { Width = width };
        var console = new InteractiveConsole(terminal);
        var reader = new Thread(() => console.ReadLine()) { IsBackground = true };
        terminal.Type(text);
        terminal.Press(keys);
        reader.Start();
        Assert.That(() => terminal.Writes.Count, Is.GreaterThanOrEqualTo(text.Length + keys.Length + 1).After(5000, 10));
        return (terminal, console, reader);
    }

    private static void Finish(FakeTerminal terminal, Thread reader)
    {
        terminal.Press(Keys.Enter);
        Assert.That(reader.Join(5000), Is.True);
    }

    [Test]
    public void LongLine_WithAnIncomingMessage_TheScreenHoldsNoFragment()
    {
        var line = string.Concat(Enumerable.Range(0, 5).Select(i => $"{i}abcdefghi"));
        var (terminal, console, reader) = Editing(Width, line);

        console.ShowMessage("bob: hi");
        terminal.Type("!");
        Assert.That(() => terminal.Writes.Count, Is.GreaterThanOrEqualTo(line.Length + 5).After(5000, 10));

        var screen = FakeScreen.Render(terminal.Writes, Width).Where(row => row.Length > 0).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(screen, Has.Count.EqualTo(2), string.Join(" | ", screen));
            Assert.That(screen[0], Is.EqualTo("bob: hi"));
            Assert.That(screen[^1], Does.StartWith("> ").And.EndWith("4abcdefghi!"), "the end of the line, where the cursor is");
            Assert.That(screen[^1].Length, Is.LessThan(Width), "never reaches the last column, so it never wraps");
        }

        Finish(terminal, reader);
    }

    [Test]
    public void LongLine_CursorMovedToTheStart_ShowsTheStart()
    {
        var (terminal, _, reader) = Editing(Width, "the beginning and a long tail after it", Keys.Home);

        var screen = FakeScreen.Render(terminal.Writes, Width).Where(row => row.Length > 0).ToList();

        Assert.That(screen, Is.EqualTo(new[] { "> the beginning and" }));
        Finish(terminal, reader);
    }

    [Test]
    public void WideCharacters_AreLaidOutInTheirCells()
    {
        var (terminal, _, reader) = Editing(Width, "日本語日本語日本語日本語");

        var screen = FakeScreen.Render(terminal.Writes, Width).Where(row => row.Length > 0).ToList();

        Assert.That(screen, Has.Count.EqualTo(1), "eight wide characters fit in 17 free cells, no wrap");
        Assert.That(screen[0], Is.EqualTo("> 本語日本語日本語"));
        Finish(terminal, reader);
    }

    [Test]
    public void Resize_ToNarrower_RedrawsTheLineWithinTheNewWidth()
    {
        var (terminal, _, reader) = Editing(60, "a line that fits sixty columns easily");
        terminal.ClearWrites();

        terminal.Resize(Width);

        var screen = FakeScreen.Render(terminal.Writes, Width).Where(row => row.Length > 0).ToList();
        Assert.That(screen, Has.Count.EqualTo(1), "redrawn at once, in one row");
        Assert.That(screen[0], Does.StartWith("> ").And.EndWith("easily").And.Length.LessThan(Width));
        Finish(terminal, reader);
    }
}
