using TinCanChat.Client.Display;
using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

public class InteractiveConsoleTests
{
    private const string ClearLine = "\r\u001b[2K";

    [Test]
    public void ReadLine_TypedLineAndEnter_ReturnsTheLineAndClearsTheInputRow()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        terminal.Type("hello");
        terminal.Press(Keys.Enter);

        var line = console.ReadLine();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line, Is.EqualTo("hello"));
            Assert.That(terminal.Writes[^1], Is.EqualTo("ctl:" + ClearLine));
            Assert.That(terminal.Writes, Has.None.StartsWith("out:"), "typing writes nothing to stdout");
        }
    }

    [Test]
    public void ShowMessage_WhileTyping_PrintsAboveAndRedrawsPromptTextAndCursor()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        var reader = new Thread(() => console.ReadLine()) { IsBackground = true };
        terminal.Type("half");
        terminal.Press(Keys.Left, Keys.Left);
        reader.Start();
        Assert.That(() => terminal.Writes, Has.Some.EqualTo($"ctl:{ClearLine}\u001b[?7l> half\u001b[?7h\r\u001b[4C").After(5000, 10));
        terminal.ClearWrites();

        console.ShowMessage("bob: hi");

        Assert.That(terminal.Writes, Is.EqualTo(new[]
        {
            "ctl:" + ClearLine,
            "out:bob: hi\n",
            $"ctl:{ClearLine}\u001b[?7l> half\u001b[?7h\r\u001b[4C",
        }));
        terminal.Press(Keys.Enter);
        Assert.That(reader.Join(5000), Is.True);
    }

    [Test]
    public void ReadLine_CtrlDOnEmptyLine_IsEndOfInput()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);
        terminal.Press(Keys.CtrlD);

        Assert.That(console.ReadLine(), Is.Null);
    }

    [Test]
    public void Close_ClearsThePromptAndLaterMessagesDoNotRedrawIt()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);

        console.Close();
        console.ShowStatus("connection to server closed");

        // Bracketed paste is asked for at the start and turned off on the way out.
        Assert.That(terminal.Writes, Is.EqualTo(new[] { "ctl:\u001b[?2004h", "ctl:\u001b[?2004l" + ClearLine, $"ctl:{ClearLine}connection to server closed\n" }));
    }

    [Test]
    public void ShowStatus_GoesToTheControlStreamNotStdout()
    {
        var terminal = new FakeTerminal();
        var console = new InteractiveConsole(terminal);

        console.ShowStatus("connection to server closed");

        Assert.That(terminal.Writes, Has.None.StartsWith("out:"));
        Assert.That(terminal.Writes[1], Is.EqualTo($"ctl:{ClearLine}connection to server closed\n"), "after the request for bracketed paste");
    }
}
