using TinCanChat.Client.Display;
using TinCanChat.Client.Display.FullScreen;

namespace TinCanChat.Tests.Client.FullScreen;

public class FullScreenViewTests
{
    [Test]
    public void AltAndANumber_ShowsThatWindow()
    {
        var (terminal, console, view) = Start();
        console.ShowMessage("* alice joined #dev", new LineInfo());
        Assert.That(() => view.Model.Shown.Name, Is.EqualTo("#dev").After(5000, 10));

        terminal.Press(new ConsoleKeyInfo('1', ConsoleKey.D1, false, true, false));
        terminal.Type("hi");
        terminal.Press(Keys.Enter);

        Assert.That(console.ReadLine(), Is.EqualTo("hi"));
        Assert.That(view.Model.Shown.Name, Is.EqualTo("#lobby"));
        Assert.That(() => terminal.Writes.Any(write => write.Contains(" alice | [1:#lobby] 2:#dev | ", StringComparison.Ordinal)), Is.True.After(5000, 10), "the status line says which");
    }

    [Test]
    public void TheFirstJoin_AsksForSeveralRooms_AndALineInAnotherRoomsWindowMovesTheFocusThere()
    {
        var (terminal, console, view) = Start();
        terminal.Type("/join dev");
        terminal.Press(Keys.Enter);
        Assert.That(console.ReadLine(), Is.EqualTo("/cap rooms"));
        Assert.That(console.ReadLine(), Is.EqualTo("/join dev"));
        console.ShowMessage("* capabilities: rooms (…)", new LineInfo());
        console.ShowMessage("* alice joined #dev", new LineInfo());
        Assert.That(() => view.Model.Shown.Name, Is.EqualTo("#dev").After(5000, 10));

        terminal.Type("/window 1");
        terminal.Press(Keys.Enter);
        terminal.Type("back");
        terminal.Press(Keys.Enter);

        Assert.That(console.ReadLine(), Is.EqualTo("/focus #lobby"));
        Assert.That(console.ReadLine(), Is.EqualTo("back"));
        console.ShowMessage("* your lines go to #lobby", new LineInfo());
        Assert.That(view.Model.Window("#lobby")!.Lines.Select(line => line.Text), Has.None.StartWith("* your lines go to").And.None.StartWith("* capabilities"), "answers to what the client sent by itself are not shown");
    }

    [Test]
    public void AMention_RingsTheBell_UnlessQuiet()
    {
        var (terminal, console, _) = Start();
        console.ShowMessage("bob: alice, there?", new LineInfo());
        Assert.That(() => terminal.Writes.Any(write => write.Contains('\a', StringComparison.Ordinal)), Is.True.After(5000, 10));

        var (quietTerminal, quietConsole, _) = Start(quiet: true);
        quietConsole.ShowMessage("bob: alice, there?", new LineInfo());
        Assert.That(() => quietTerminal.Writes.Any(write => write.Contains(ScreenRenderer.MentionStyle, StringComparison.Ordinal)), Is.True.After(5000, 10));
        Assert.That(quietTerminal.Writes, Has.None.Contains("\a"));
    }

    [Test]
    public void CtrlL_ClearsTheWholeScreen_AndClosingGivesTheShellItsScreenBack()
    {
        var (terminal, console, _) = Start();
        Assert.That(() => terminal.Writes.Any(write => write.Contains(" alice |", StringComparison.Ordinal)), Is.True.After(5000, 10));
        terminal.ClearWrites();
        terminal.Press(Keys.Ctrl(ConsoleKey.L));
        var reader = new Thread(() => console.ReadLine()) { IsBackground = true };
        reader.Start();

        Assert.That(() => terminal.Writes.Any(write => write.Contains("\u001b[2J", StringComparison.Ordinal)), Is.True.After(5000, 10));
        console.Close();
        Assert.That(terminal.Writes[^1], Does.StartWith("ctl:" + ScreenRenderer.Leave));
    }

    private static (FakeTerminal Terminal, InteractiveConsole Console, FullScreenView View) Start(bool quiet = false)
    {
        var terminal = new FakeTerminal { Width = 60, Height = 12 };
        var view = new FullScreenView(terminal, quiet);
        var console = new InteractiveConsole(terminal, view);
        console.ShowMessage("* alice joined (1 online)", new LineInfo());
        return (terminal, console, view);
    }
}
