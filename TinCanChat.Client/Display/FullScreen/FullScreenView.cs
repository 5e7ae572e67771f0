using System.Globalization;
using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display.FullScreen;

/// <summary>
/// The full screen (SPEC §8): a window per room and one for private messages, a status line, a
/// fixed input row, scrollback. The receive and input threads only change the model and ask for a
/// frame; the screen's own thread draws it, whole (<see cref="ScreenRenderer"/>), so a burst of
/// lines costs a few frames, not one per line. Keys: Alt+1…9 (or <c>/window N</c>) and Ctrl+N/P
/// switch windows, PageUp/PageDown scroll, Ctrl+L clears and redraws.
/// </summary>
/// <param name="quiet">No bell for mentions and private messages.</param>
internal sealed class FullScreenView : IConsoleView, IDisposable
{
    private readonly ITerminal _terminal;
    private readonly bool _quiet;
    private readonly ScreenModel _model = new();

    // Guards the model and what the screen thread draws from; taken under the console's drawing lock.
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _frameWanted = new(0, 1);
    private readonly Thread _screen;
    private InputState _input = new(InteractiveConsole.Prompt, "", 0, null);
    private bool _clear = true;

    // The client's status lines since the user last pressed Enter (quitting, the server gone):
    // printed again on the shell's screen on leaving, where they stay.
    private readonly List<string> _statusesSinceTyped = [];
    private bool _bell;
    private bool _closed;

    // Answers to what the view sent by itself (/focus, /cap rooms): not news to the user.
    private readonly ExpectedAnswers _ownAnswers = new();

    public FullScreenView(ITerminal terminal, bool quiet)
    {
        _terminal = terminal;
        _quiet = quiet;
        _terminal.WriteControl(ScreenRenderer.Enter);
        _screen = new Thread(Draw) { IsBackground = true, Name = "screen" };
        _screen.Start();
    }

    /// <summary>The model, for tests: read under no lock only once the screen is idle.</summary>
    internal ScreenModel Model => _model;

    public void Redraw(InputState input) => Change(() => _input = input);

    public void Submitted(InputState input) => Change(() =>
    {
        _input = input;
        _statusesSinceTyped.Clear();
    });

    public void Show(string line, LineInfo info, InputState input) => Change(() =>
    {
        _input = input;
        if (_ownAnswers.Take(line))
        {
            return;
        }

        _bell |= _model.Add(line, info) && !_quiet;
    });

    public void Status(string line, InputState input) => Change(() =>
    {
        _input = input;
        _model.Status(line);
        _statusesSinceTyped.Add(line);
    });

    public bool TryHandleKey(ConsoleKeyInfo key, InputState input)
    {
        var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0;
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        var page = Math.Max(1, _terminal.Height - 4);
        Action? change = key switch
        {
            _ when alt && key.KeyChar is >= '1' and <= '9' => () => _model.Show(key.KeyChar - '0'),
            { Key: ConsoleKey.N } when control => () => _model.Show((_model.Active + 1) % _model.Windows.Count + 1),
            { Key: ConsoleKey.P } when control => () => _model.Show((_model.Active + _model.Windows.Count - 1) % _model.Windows.Count + 1),
            { Key: ConsoleKey.PageUp } => () => _model.Scroll(page),
            { Key: ConsoleKey.PageDown } => () => _model.Scroll(-page),
            { Key: ConsoleKey.L } when control => () => _clear = true,
            _ => null,
        };
        if (change is not null)
        {
            Change(change);
        }

        return change is not null;
    }

    public IReadOnlyList<string>? Rewrite(string line, InputState input)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            return Rewritten(line);
        }
    }

    /// <summary>Each line's room and time: replayed history is shown with the time it was said.</summary>
    public bool WantsLineIds => true;

    public (IReadOnlyList<string> Rooms, string? Shown) RoomsShown
    {
        get
        {
            lock (_lock)
            {
                var rooms = _model.Windows.Where(window => window.IsRoom).Select(window => window.Name).ToList();
                return rooms.Count > 1 ? (rooms, _model.Shown.IsRoom ? _model.Shown.Name : null) : ([], null);
            }
        }
    }

    public void Close(string unsent)
    {
        string after;
        lock (_lock)
        {
            _closed = true;
            after = string.Concat(_statusesSinceTyped.Select(line => line + "\n"));
        }

        _frameWanted.Release();
        _screen.Join();
        _terminal.WriteControl(ScreenRenderer.Leave + after + (unsent.Length > 0 ? $"not sent: {unsent}\n" : string.Empty));
    }

    public void Dispose() => _frameWanted.Dispose();

    private IReadOnlyList<string>? Rewritten(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["/window", var number])
        {
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || !_model.Show(n))
            {
                _model.Status($"no window {number}: there are {_model.Windows.Count} (Alt+1…9, /window N)");
            }

            Changed();
            return [];
        }

        if (words is ["/join", ..] && _model.ServerFocus is null)
        {
            // One window per room: the server is asked for several rooms at once first.
            _model.ServerFocus = _model.Shown.IsRoom ? _model.Shown.Name : _model.Windows[0].Name;
            _ownAnswers.Expect("* capabilities: rooms");
            return ["/cap rooms", line];
        }

        var shown = _model.Shown;
        if (!shown.IsRoom)
        {
            if (line.StartsWith('/'))
            {
                return null;
            }

            if (_model.Correspondent is { } to)
            {
                return [$"/msg {to} {line}"];
            }

            _model.Status("nobody to answer here yet: /msg NAME text");
            Changed();
            return [];
        }

        if (_model.ServerFocus is { } focus && !string.Equals(focus, shown.Name, StringComparison.OrdinalIgnoreCase))
        {
            _model.ServerFocus = shown.Name;
            _ownAnswers.Expect($"* your lines go to {shown.Name}");
            return [$"/focus {shown.Name}", line];
        }

        return null;
    }

    // Every change asks for a frame; the screen thread draws the latest state, once per burst.
    private void Change(Action change)
    {
        lock (_lock)
        {
            change();
        }

        Changed();
    }

    private void Changed()
    {
        try
        {
            _frameWanted.Release();
        }
        catch (SemaphoreFullException)
        {
            // A frame is already asked for: it will show this change too.
        }
    }

    private void Draw()
    {
        while (true)
        {
            _frameWanted.Wait();
            string frame;
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                frame = ScreenRenderer.Frame(_model, _input, _terminal.Width, _terminal.Height, _clear) + (_bell ? "\a" : string.Empty);
                (_clear, _bell) = (false, false);
            }

            _terminal.WriteControl(frame);
        }
    }
}
