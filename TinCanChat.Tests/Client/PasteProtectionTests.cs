using TinCanChat.Client.Display;

namespace TinCanChat.Tests.Client;

/// <summary>Keys already waiting behind an Enter are a paste: more than five lines are sent only if the user says so.</summary>
public class PasteProtectionTests
{
    [Test]
    public void TwentyLinesPasted_AskFirst_YesSendsThemAllInOrder()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        Paste(terminal, string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\r")));
        var reading = Task.Run(console.ReadLine);

        Assert.That(() => terminal.Writes, Has.Some.Contains("send the 20 pasted lines (the first: line 1)? y/n").After(5000, 10));
        Assert.That(reading.IsCompleted, Is.False, "nothing is sent before the answer");
        Paste(terminal, "y");

        var lines = new List<string?> { reading.Result };
        lines.AddRange(Enumerable.Range(2, 19).Select(_ => console.ReadLine()));
        Assert.That(lines, Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"line {i}")));
    }

    [Test]
    public void TwentyLinesPasted_AnyOtherKey_SendsNoneAndSaysSo()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        Paste(terminal, string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\r")));
        var reading = Task.Run(console.ReadLine);
        Assert.That(() => terminal.Writes, Has.Some.Contains("pasted lines").After(5000, 10));

        Paste(terminal, "n");
        Assert.That(() => terminal.Writes, Has.Some.Contains("the 20 pasted lines were not sent").After(5000, 10));
        Paste(terminal, "typed after\r");

        Assert.That(reading.Result, Is.EqualTo("typed after"));
    }

    [Test]
    public void FiveLinesPasted_AreSentWithoutAsking_AndAPartialLastLineStaysInTheInput()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        Paste(terminal, "a\rb\rc\rd\re\rhalf");

        var lines = Enumerable.Range(0, 5).Select(_ => console.ReadLine()).ToList();
        Paste(terminal, " done\r");

        Assert.That(lines, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(console.ReadLine(), Is.EqualTo("half done"));
        Assert.That(terminal.Writes, Has.None.Contains("pasted lines"));
    }

    [Test]
    public void BracketedPaste_TwentyLinesArrivingInTwoPieces_AsksOnceForAllTwenty()
    {
        // Without the terminal's brackets the second piece would look typed, or be a paste of its own.
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        Paste(terminal, PasteStart + string.Concat(Enumerable.Range(1, 12).Select(i => $"line {i}\r")));
        var reading = Task.Run(console.ReadLine);
        Assert.That(() => terminal.KeyAvailable, Is.False.After(5000, 10), "the first piece was read");
        Paste(terminal, string.Concat(Enumerable.Range(13, 8).Select(i => $"line {i}\r")) + PasteEnd);

        Assert.That(() => terminal.Writes, Has.Some.Contains("send the 20 pasted lines (the first: line 1)? y/n").After(5000, 10));
        Paste(terminal, "y");
        var lines = new List<string?> { reading.Result };
        lines.AddRange(Enumerable.Range(2, 19).Select(_ => console.ReadLine()));
        Assert.That(lines, Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"line {i}")));
    }

    [Test]
    public void BracketedPaste_OneLineWithoutEnter_StaysInTheInputUntilEnter()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        Paste(terminal, PasteStart + "hello" + PasteEnd);
        Paste(terminal, "!\r");

        Assert.That(console.ReadLine(), Is.EqualTo("hello!"));
        Assert.That(terminal.Writes[0], Is.EqualTo("ctl:\u001b[?2004h"), "the console asks the terminal to bracket pastes");
    }

    // The markers a terminal in bracketed-paste mode puts around a paste.
    private const string PasteStart = "\u001b[200~";
    private const string PasteEnd = "\u001b[201~";

    // As a terminal delivers a paste: every character at once, each line ending in Enter.
    private static void Paste(FakeTerminal terminal, string text) =>
        terminal.Press([.. text.Select(c => c switch { '\r' => Keys.Enter, '\u001b' => Keys.Escape, _ => Keys.Char(c) })]);
}
