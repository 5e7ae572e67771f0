using System.Text.RegularExpressions;

namespace TinCanChat.Client.Display.FullScreen;

/// <summary>
/// What the full screen shows, as data: the windows (one per room, one for private messages),
/// which one is shown, who the user is and whether it is connected. Lines are routed to their
/// window here; the screen is drawn from this alone (<see cref="ScreenRenderer"/>). Pure: its
/// owner guards it.
/// </summary>
internal sealed partial class ScreenModel
{
    public const string PrivateWindow = "private";

    private readonly List<ChatWindow> _windows = [new("#lobby")];
    private string? _replaying;

    public IReadOnlyList<ChatWindow> Windows => _windows;

    public int Active { get; private set; }

    public ChatWindow Shown => _windows[Active];

    /// <summary>The user's name as the server knows it; null until its arrival is seen.</summary>
    public string? Me { get; set; }

    /// <summary>Connected, or what the connection is doing.</summary>
    public string Connection { get; set; } = "connecting";

    /// <summary>With several rooms at once (<c>/cap rooms</c> sent): the room the server sends plain lines to; null with one room.</summary>
    public string? ServerFocus { get; set; }

    /// <summary>The last one who wrote to the user privately, or whom it wrote to: where a line typed in the private window goes.</summary>
    public string? Correspondent { get; private set; }

    /// <summary>Adds a received line to its window; true when it should ring the bell (it names the user, or is private, and is new).</summary>
    public bool Add(string text, LineInfo info)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(info);
        // With --timestamps the time comes first: what the line is, is read after it.
        var stamp = Stamp().Match(text).Length;
        var body = text[stamp..];
        Learn(body);
        var isPrivate = info.Room == "~" || (info.Room is null && PrivateLine().IsMatch(body));
        var window = isPrivate ? Window(PrivateWindow, create: true)! : WindowOf(body, info.Room);
        var speaker = ChatLineShape.Speaker(body);
        var own = Me is not null && (speaker == Me || (isPrivate && body.StartsWith(Me + " -> ", StringComparison.Ordinal)));
        var replayed = info.Kind != LineKind.Live;
        var mention = !own && !replayed && Me is not null && (isPrivate || (speaker is not null && NamesMe(body[(speaker.Length + 2)..])));
        var style = replayed && speaker is not null ? LineStyle.History
            : isPrivate ? LineStyle.Private
            : own ? LineStyle.Own
            : mention ? LineStyle.Mention
            : speaker is null ? LineStyle.Notice
            : LineStyle.Chat;
        if (isPrivate && PrivateLine().Match(body) is { Success: true } pm)
        {
            Correspondent = own ? pm.Groups["to"].Value : pm.Groups["from"].Value;
        }

        // A notice about someone in several of the user's rooms (a new name) comes once per room.
        if (speaker is null && !isPrivate && window.Lines.Count > 0 && window.Lines[^1].Text == text)
        {
            return false;
        }

        window.Add(new ScreenLine(text, style, speaker, replayed && stamp == 0 ? info.SaidAt : null, stamp));
        if (window != Shown)
        {
            window.Unread += (speaker is not null || isPrivate) && !own ? 1 : 0;
            window.Mentioned |= mention;
        }
        else if (window.ScrolledBack > 0)
        {
            // Scrolled back, the view stays where it is.
            window.ScrolledBack++;
        }

        return mention;
    }

    /// <summary>A status line of the client's own, in the window shown.</summary>
    public void Status(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Shown.Add(new ScreenLine(text, LineStyle.Status));
        if (text.StartsWith("connected", StringComparison.OrdinalIgnoreCase) || text.StartsWith("reconnected", StringComparison.Ordinal))
        {
            Connection = "connected";
        }
        else if (text.Contains("trying again", StringComparison.Ordinal) || text == ChatClient.ServerClosed)
        {
            // A new connection starts as a new arrival, in one room.
            Connection = "disconnected";
            (Me, ServerFocus) = (null, null);
        }
    }

    /// <summary>Shows window <paramref name="number"/> (from 1); false when there is none.</summary>
    public bool Show(int number)
    {
        if (number < 1 || number > _windows.Count)
        {
            return false;
        }

        Active = number - 1;
        Shown.Seen();
        return true;
    }

    /// <summary>Scrolls the window shown back (positive) or forward by that many lines.</summary>
    public void Scroll(int lines) => Shown.ScrolledBack = Math.Clamp(Shown.ScrolledBack + lines, 0, Math.Max(0, Shown.Lines.Count - 1));

    /// <summary>The window of that name (a room <c>#dev</c>, or <see cref="PrivateWindow"/>), made if asked to.</summary>
    public ChatWindow? Window(string name, bool create = false)
    {
        var window = _windows.Find(window => string.Equals(window.Name, name, StringComparison.OrdinalIgnoreCase));
        if (window is null && create)
        {
            window = new ChatWindow(name);
            _windows.Add(window);
        }

        return window;
    }

    // Notices that name their room go to its window; anything else without a room to the window shown.
    private ChatWindow WindowOf(string text, string? room)
    {
        if (room is null && RoomNotice().Match(text) is { Success: true } notice)
        {
            room = notice.Groups["room"].Value;
        }

        // A replay's lines and its end marker go where its start said.
        if (text.StartsWith("* history of #", StringComparison.Ordinal))
        {
            _replaying = room;
        }
        else if (text == "* end of history")
        {
            (room, _replaying) = (_replaying, null);
        }
        else if (room is null && _replaying is not null)
        {
            room = _replaying;
        }

        return room is not null ? Window(room, create: true)! : Shown.IsRoom ? Shown : _windows[0];
    }

    // Who the user is, and the windows its own joins and parts open and close.
    private void Learn(string text)
    {
        if (Me is null && Arrived().Match(text) is { Success: true } arrived)
        {
            Me = arrived.Groups["name"].Value;
        }
        else if (Renamed().Match(text) is { Success: true } renamed && renamed.Groups["old"].Value == Me)
        {
            Me = renamed.Groups["name"].Value;
        }
        else if (Joined().Match(text) is { Success: true } joined && joined.Groups["name"].Value == Me)
        {
            // A room it enters anew is shown; one entered again (after a reconnect) is not.
            var room = joined.Groups["room"].Value;
            if (Window(room) is null)
            {
                Show(_windows.IndexOf(Window(room, create: true)!) + 1);
            }

            ServerFocus = ServerFocus is null ? null : room;
        }
        else if (Focused().Match(text) is { Success: true } focused)
        {
            ServerFocus = focused.Groups["room"].Value;
        }
        else if (Parted().Match(text) is { Success: true } parted && Window(parted.Groups["room"].Value) is { } gone && _windows.Count > 1)
        {
            var shown = Shown;
            _windows.Remove(gone);
            ServerFocus = parted.Groups["focus"].Value;
            Active = shown == gone ? Math.Max(0, _windows.FindIndex(window => window.Name == parted.Groups["focus"].Value)) : _windows.IndexOf(shown);
        }
    }

    private bool NamesMe(string said) =>
        Regex.IsMatch(said, $@"(?<![\w-]){Regex.Escape(Me!)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] ")]
    private static partial Regex Stamp();

    [GeneratedRegex(@"^(?<from>[^\s:*]\S*) -> (?<to>\S+): ")]
    private static partial Regex PrivateLine();

    [GeneratedRegex(@"^\* (?<name>\S+) joined \(\d+ online\)$")]
    private static partial Regex Arrived();

    [GeneratedRegex(@"^\* (?<old>\S+) is now known as (?<name>\S+)$")]
    private static partial Regex Renamed();

    [GeneratedRegex(@"^\* (?<name>\S+) joined (?<room>#\S+)$")]
    private static partial Regex Joined();

    [GeneratedRegex(@"^\* your lines go to (?<room>#\S+)$")]
    private static partial Regex Focused();

    [GeneratedRegex(@"^\* you left (?<room>#\S+); your lines go to (?<focus>#\S+)$")]
    private static partial Regex Parted();

    [GeneratedRegex(@"^\* (?:(?!you )\S+ (?:joined|left) (?<room>#[^\s:;]+)|in (?<room>#\S+) \(|history of (?<room>#\S+):|topic of (?<room>#\S+):)")]
    private static partial Regex RoomNotice();
}
