using System.Text.RegularExpressions;
using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>
/// For a terminal: the user edits a line key by key (<see cref="LineEditor"/>, paste protection,
/// Tab completion of the names seen) while messages arrive; how both are shown is the view's
/// (<see cref="IConsoleView"/>: lines above the input, or a full screen of windows).
/// </summary>
internal sealed partial class InteractiveConsole : IChatConsole
{
    public const string Prompt = "> ";

    private const int NamesKept = 200;

    // A paste of more lines than this is sent only once the user says so.
    public const int PasteAsksAbove = 5;

    private readonly ITerminal _terminal;
    private readonly IConsoleView _view;

    // Every key is read through it (bracketed paste's markers are keys too).
    private readonly PasteBrackets _keys;
    private readonly LineEditor _editor;
    private readonly Lock _drawing = new();
    private readonly List<string> _names = [];

    // Lines to send, handed out one per ReadLine (a paste the user agreed to, what the view made of
    // a typed line); and the question asked about a paste, drawn instead of the input line until answered.
    private readonly Queue<string> _pasted = new();
    private string? _question;

    /// <param name="view">How it is shown (default: lines above the input line).</param>
    public InteractiveConsole(ITerminal terminal, IConsoleView? view = null)
    {
        _terminal = terminal;
        _view = view ?? new LineView(terminal);
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
                    if (_view.TryHandleKey(key, State))
                    {
                        continue;
                    }

                    switch (_editor.Apply(key))
                    {
                        case EditOutcome.Changed:
                            Redraw();
                            continue;
                        case EditOutcome.Submitted:
                            var line = _editor.TakeLine();
                            _view.Submitted(State);
                            if (!_keys.KeyAvailable)
                            {
                                if (Rewritten([line]) is { } own)
                                {
                                    return own;
                                }

                                continue;
                            }

                            paste = GatherPaste(line);
                            break;
                        case EditOutcome.EndOfInput:
                            _view.Submitted(State);
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

    public void ShowMessage(string line) => ShowMessage(line, LineInfo.Unknown);

    public void ShowMessage(string line, LineInfo info)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_drawing)
        {
            Remember(line);
            _view.Show(line, info, State);
        }
    }

    public void ShowStatus(string line)
    {
        lock (_drawing)
        {
            _view.Status(line, State);
        }
    }

    public bool WantsLineIds => _view.WantsLineIds;

    public (IReadOnlyList<string> Rooms, string? Shown) RoomsShown
    {
        get
        {
            lock (_drawing)
            {
                return _view.RoomsShown;
            }
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
            _view.Close(SecretCommands.Masked(_editor.Text));
        }
    }

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
        if (ChatLineShape.Speaker(line) is { } speaker)
        {
            Add(speaker, first: true);
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

    // The input row as the view draws it.
    private InputState State => new(Prompt, SecretCommands.Masked(_editor.Text), _editor.Cursor, _question);

    private void Redraw() => _view.Redraw(State);

    // Lines to send, each as the view makes it (it takes /window N as its own, may add /focus):
    // the first now, the others on the next reads; null when nothing is to be sent.
    private string? Rewritten(IEnumerable<string> typed)
    {
        List<string> lines = [.. typed.SelectMany(line => _view.Rewrite(line, State) ?? [line])];
        lines.Skip(1).ToList().ForEach(_pasted.Enqueue);
        return lines.Count > 0 ? lines[0] : null;
    }
}
