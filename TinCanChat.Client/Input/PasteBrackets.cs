namespace TinCanChat.Client.Input;

/// <summary>
/// Bracketed paste (xterm's mode 2004, which tmux, iTerm2, GNOME Terminal and Windows Terminal
/// speak): the terminal wraps pasted text in <c>ESC [200~</c> … <c>ESC [201~</c>, which .NET hands
/// over as ordinary keys. Keys are read through this to tell the markers apart. A terminal writes
/// a marker in one go, so it is recognised only when its keys are all waiting: an Escape typed
/// alone is never held back, and keys read ahead that were not a marker come back in order.
/// </summary>
internal sealed class PasteBrackets(ITerminal terminal)
{
    public const string Enable = "\u001b[?2004h";
    public const string Disable = "\u001b[?2004l";

    private const char Escape = '\u001b';
    private const string Start = "[200~";
    private const string End = "[201~";

    private readonly List<ConsoleKeyInfo> _readAhead = [];

    public bool KeyAvailable => _readAhead.Count > 0 || terminal.KeyAvailable;

    public ConsoleKeyInfo ReadKey()
    {
        if (_readAhead.Count == 0)
        {
            return terminal.ReadKey();
        }

        var key = _readAhead[0];
        _readAhead.RemoveAt(0);
        return key;
    }

    /// <summary>True when <paramref name="key"/> and the keys waiting behind it are the start of a paste (then consumed).</summary>
    public bool IsPasteStart(ConsoleKeyInfo key) => Continues(key, Start);

    /// <summary>True when <paramref name="key"/> and the keys waiting behind it are the end of a paste (then consumed).</summary>
    public bool IsPasteEnd(ConsoleKeyInfo key) => Continues(key, End);

    private bool Continues(ConsoleKeyInfo key, string rest)
    {
        if (key.KeyChar != Escape)
        {
            return false;
        }

        List<ConsoleKeyInfo> read = [];
        while (read.Count < rest.Length && KeyAvailable)
        {
            read.Add(ReadKey());
            if (read[^1].KeyChar != rest[read.Count - 1])
            {
                break;
            }
        }

        if (read.Count == rest.Length && read[^1].KeyChar == rest[^1])
        {
            return true;
        }

        _readAhead.InsertRange(0, read);
        return false;
    }
}
