using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>
/// For a terminal: the user edits a line key by key, and an incoming message is printed above
/// it, after which the prompt and the half-typed text are drawn again (as IRC clients do).
/// </summary>
internal sealed class InteractiveConsole(ITerminal terminal) : IChatConsole
{
    public const string Prompt = "> ";

    // Carriage return, then erase the whole line (ANSI EL 2).
    private const string ClearLine = "\r\u001b[2K";

    private readonly LineEditor _editor = new();
    private readonly Lock _drawing = new();
    private bool _closed;

    public string? ReadLine()
    {
        lock (_drawing)
        {
            Redraw();
        }

        while (true)
        {
            var key = terminal.ReadKey();
            lock (_drawing)
            {
                switch (_editor.Apply(key))
                {
                    case EditOutcome.Changed:
                        Redraw();
                        break;
                    case EditOutcome.Submitted:
                        terminal.WriteControl(ClearLine);
                        return _editor.TakeLine();
                    case EditOutcome.EndOfInput:
                        terminal.WriteControl(ClearLine);
                        return null;
                }
            }
        }
    }

    public void ShowMessage(string line)
    {
        lock (_drawing)
        {
            terminal.WriteControl(ClearLine);
            terminal.WriteOutput(line + "\n");
            Redraw();
        }
    }

    public void ShowStatus(string line)
    {
        lock (_drawing)
        {
            terminal.WriteControl(ClearLine + line + "\n");
            Redraw();
        }
    }

    public void Close()
    {
        lock (_drawing)
        {
            _closed = true;
            terminal.WriteControl(ClearLine);
        }
    }

    private void Redraw()
    {
        if (_closed)
        {
            return;
        }

        var back = _editor.Text.Length - _editor.Cursor;
        terminal.WriteControl(ClearLine + Prompt + _editor.Text + (back > 0 ? $"\u001b[{back}D" : string.Empty));
    }
}
