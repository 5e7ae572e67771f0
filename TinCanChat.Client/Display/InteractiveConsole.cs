using System.Text.RegularExpressions;
using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>
/// For a terminal: the user edits a line key by key, and an incoming message is printed above
/// it, after which the prompt and the half-typed text are drawn again (as IRC clients do). The
/// line is drawn within one row (<see cref="LineLayout"/>), so erasing it never leaves pieces.
/// </summary>
internal sealed partial class InteractiveConsole : IChatConsole
{
    public const string Prompt = "> ";

    // Carriage return, then erase the whole line (ANSI EL 2).
    private const string ClearLine = "\r\u001b[2K";

    private const int NamesKept = 200;

    // A paste of more lines than this is sent only once the user says so.
    public const int PasteAsksAbove = 5;

    private readonly ITerminal _terminal;

    // Every key is read through it (bracketed paste's markers are keys too).
    private readonly PasteBrackets _keys;
    private readonly LineEditor _editor;
    private readonly Lock _drawing = new();
    private readonly List<string> _names = [];

    // Lines of a paste the user agreed to send, handed out one per ReadLine; and the question
    // asked about a paste, drawn instead of the input line until answered.
    private readonly Queue<string> _pasted = new();
    private string? _question;
    private bool _closed;

    public InteractiveConsole(ITerminal terminal)
    {
        _terminal = terminal;
        _keys = new PasteBrackets(terminal);
        _editor = new LineEditor(RecentNames);
        _terminal.WriteControl(PasteBrackets.Enable);
        _terminal.Resized += () =>
        {
            lock (_drawing)
            {
                Redraw();
            }
        };
    }

    public string? ReadLine()
    {
        lock (_drawing)
        {
            if (_pasted.TryDequeue(out var next))
            {
                return next;
            }

            Redraw();
        }

        while (true)
        {
            var key = _keys.ReadKey();
            List<string> paste;
            if (_keys.IsPasteStart(key))
            {
                paste = GatherBracketedPaste();
                if (paste.Count == 0)
                {
                    continue;
                }
            }
            else
            {
                lock (_drawing)
                {
                    switch (_editor.Apply(key))
                    {
                        case EditOutcome.Changed:
                            Redraw();
                            continue;
                        case EditOutcome.Submitted:
                            _terminal.WriteControl(ClearLine);
                            var line = _editor.TakeLine();
                            if (!_keys.KeyAvailable)
                            {
                                return line;
                            }

                            paste = GatherPaste(line);
                            break;
                        case EditOutcome.EndOfInput:
                            _terminal.WriteControl(ClearLine);
                            return null;
                        default:
                            continue;
                    }
                }
            }

            if (Confirmed(paste) is { } first)
            {
                return first;
            }
        }
    }

    public void ShowMessage(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_drawing)
        {
            Remember(line);
            _terminal.WriteControl(ClearLine);
            _terminal.WriteOutput(line + "\n");
            Redraw();
        }
    }

    public void ShowStatus(string line)
    {
        lock (_drawing)
        {
            _terminal.WriteControl(ClearLine + line + "\n");
            Redraw();
        }
    }

    public bool Restore(string line)
    {
        lock (_drawing)
        {
            _editor.Restore(line);
            Redraw();
            return true;
        }
    }

    /// <summary>Leaves the terminal clean; what was typed and not sent is shown, not lost.</summary>
    public void Close()
    {
        lock (_drawing)
        {
            _closed = true;
            var unsent = SecretCommands.Masked(_editor.Text);
            _terminal.WriteControl(PasteBrackets.Disable + ClearLine + (unsent.Length > 0 ? $"not sent: {unsent}\n" : string.Empty));
        }
    }

    [GeneratedRegex(@"^(?<name>[^\s:*][^\s:]*): ")]
    private static partial Regex Speaker();

    [GeneratedRegex(@"^\* (?:\S+ is now known as (?<name>\S+)|in #\S+ \(\d+\): (?<list>.*))$")]
    private static partial Regex Notice();

    private IReadOnlyList<string> RecentNames()
    {
        lock (_drawing)
        {
            return [.. _names];
        }
    }

    // The people seen in the room, most recent speaker first, for Tab.
    private void Remember(string line)
    {
        if (Speaker().Match(line) is { Success: true } said)
        {
            Add(said.Groups["name"].Value, first: true);
        }
        else if (Notice().Match(line) is { Success: true } notice)
        {
            if (notice.Groups["name"].Success)
            {
                Add(notice.Groups["name"].Value, first: true);
            }

            foreach (var name in notice.Groups["list"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            {
                Add(name, first: false);
            }
        }
    }

    private void Add(string name, bool first)
    {
        if (first)
        {
            _names.Remove(name);
            _names.Insert(0, name);
        }
        else if (!_names.Contains(name))
        {
            _names.Add(name);
        }

        if (_names.Count > NamesKept)
        {
            _names.RemoveAt(_names.Count - 1);
        }
    }

    private void Redraw()
    {
        if (_closed)
        {
            return;
        }

        if (_question is { } question)
        {
            _terminal.WriteControl(ClearLine + question);
            return;
        }

        var (visible, column) = LineLayout.Fit(Prompt, SecretCommands.Masked(_editor.Text), _editor.Cursor, _terminal.Width);
        _terminal.WriteControl(ClearLine + Prompt + visible + "\r" + (column > 0 ? $"\u001b[{column}C" : string.Empty));
    }
}
