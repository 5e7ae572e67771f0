using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>
/// The line mode (<c>--plain</c>, and the default where the screen cannot be owned): an incoming
/// message is printed above the input line, after which the prompt and the half-typed text are
/// drawn again (as IRC clients do). The line is drawn within one row (<see cref="LineLayout"/>), so
/// erasing it never leaves pieces.
/// </summary>
internal sealed class LineView(ITerminal terminal) : IConsoleView
{
    // Carriage return, then erase the whole line (ANSI EL 2).
    public const string ClearLine = "\r\u001b[2K";

    public const string NoWrap = "\u001b[?7l";

    public const string Wrap = "\u001b[?7h";

    private bool _closed;

    public void Redraw(InputState input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_closed)
        {
            return;
        }

        if (input.Question is { } question)
        {
            terminal.WriteControl(ClearLine + question);
            return;
        }

        // Autowrap off while the row is drawn: a terminal that draws an emoji wider than the table
        // says clips the row instead of wrapping it onto a row no redraw would erase.
        var (visible, column) = LineLayout.Fit(input.Prompt, input.Text, input.Cursor, terminal.Width);
        terminal.WriteControl(ClearLine + NoWrap + input.Prompt + visible + Wrap + "\r" + (column > 0 ? $"\u001b[{column}C" : string.Empty));
    }

    public void Submitted(InputState input) => terminal.WriteControl(ClearLine);

    public void Show(string line, LineInfo info, InputState input)
    {
        terminal.WriteControl(ClearLine);
        terminal.WriteOutput(line + "\n");
        Redraw(input);
    }

    public void Status(string line, InputState input)
    {
        terminal.WriteControl(ClearLine + line + "\n");
        Redraw(input);
    }

    public bool TryHandleKey(ConsoleKeyInfo key, InputState input) => false;

    public IReadOnlyList<string>? Rewrite(string line, InputState input) => null;

    public void Close(string unsent)
    {
        _closed = true;
        terminal.WriteControl(PasteBrackets.Disable + ClearLine + (unsent.Length > 0 ? $"not sent: {unsent}\n" : string.Empty));
    }
}
