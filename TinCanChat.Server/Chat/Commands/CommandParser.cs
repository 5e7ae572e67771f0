namespace TinCanChat.Server.Chat.Commands;

/// <summary>
/// Turns a received line into a <see cref="ChatCommand"/>: pure code, never throws. A line that
/// starts with one <c>/</c> is a command; <c>//text</c> is the chat text <c>/text</c>.
/// </summary>
internal static class CommandParser
{
    public static readonly IReadOnlyList<string> HelpLines =
    [
        "* /nick NAME — pick your name (letters, digits, _ or -, starting with a letter, at most 24)",
        "* /who — who is in your room",
        "* /msg NAME text — a private message to NAME",
        "* /me ACTION — say what you do: the room sees * NAME ACTION",
        "* /join ROOM [KEY] — leave your room and enter ROOM (created if new; KEY for a room with a key; with /cap rooms, one more room)",
        "* /rooms — the rooms and how many are in each",
        "* /history [N] — the N lines of your room before the oldest you have seen (50, at most 500)",
        "* /help — this list",
        "* /cap ids — chat lines come with @ROOM:ID:TIME in front, for /resume",
        "* /resume #ROOM ID — the lines of ROOM after ID, then live ones (after reconnecting)",
        "* /quit [reason] — leave the chat",
        "* /cap rooms — be in several rooms at once (also turns on /cap ids): /join adds a room",
        "* /part [ROOM] — leave one of your rooms; /focus ROOM — your lines go to ROOM; /say ROOM text — say text in ROOM (with /cap rooms)",
        "* /register PASSWORD — make your nickname an account only you can use (at least 8 characters, no spaces)",
        "* /login NAME PASSWORD — log in to your account and take its name",
        "* /logout — log out (you go back to your guest name)",
        "* /password OLD NEW — change your password",
        "* /unregister PASSWORD — delete your account (rooms it owns are no longer registered)",
        "* /room register — own your room (logged in): its settings and history outlive everyone leaving",
        "* /room info — the room's owner, operators, topic and modes",
        "* /room private on|off — invite only; /room key KEY|off — a key to enter (owner and operators)",
        "* /topic [TEXT] — show or (operators) set the topic shown to everyone entering",
        "* /op NAME, /deop NAME — make or unmake an operator of your room (owner and operators)",
        "* /kick NAME [reason] — send NAME back to #lobby; /ban NAME, /unban NAME; /invite NAME (operators)",
        "* //text — say text starting with /",
    ];

    public const int DefaultHistoryLines = 50;

    public const int MaxHistoryLines = 500;

    public static ChatCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith('/'))
        {
            return new ChatCommand.Say(line);
        }

        if (line.StartsWith("//", StringComparison.Ordinal))
        {
            return new ChatCommand.Say(line[1..]);
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? line[1..] : line[1..space];
        var rest = space < 0 ? string.Empty : line[(space + 1)..].Trim(' ');
        return name.ToLowerInvariant() switch
        {
            "nick" => OneWord(rest) is { } nick ? new ChatCommand.Nick(nick) : new ChatCommand.Misused("/nick NAME"),
            "who" => new ChatCommand.Who(),
            "me" => rest.Length > 0 ? new ChatCommand.Me(rest) : new ChatCommand.Misused("/me ACTION"),
            "msg" => Private(rest),
            "join" => Words(rest) is [var room] ? new ChatCommand.Join(room) : Words(rest) is [var keyed, var key] ? new ChatCommand.Join(keyed, key) : new ChatCommand.Misused("/join ROOM [KEY]"),
            "rooms" => new ChatCommand.Rooms(),
            "part" => rest.Length == 0 ? new ChatCommand.Part(null) : OneWord(rest) is { } parted ? new ChatCommand.Part(parted) : new ChatCommand.Misused("/part [ROOM]"),
            "focus" => OneWord(rest) is { } focused ? new ChatCommand.Focus(focused) : new ChatCommand.Misused("/focus ROOM"),
            "say" => SayIn(rest),
            "history" => HistoryCount(rest) is { } count ? new ChatCommand.History(count) : new ChatCommand.Misused($"/history [N], N from 1 to {MaxHistoryLines}"),
            "help" => new ChatCommand.Help(),
            "cap" => OneWord(rest) is { } cap ? new ChatCommand.Cap(cap.ToLowerInvariant()) : new ChatCommand.Misused("/cap ids | /cap rooms"),
            "resume" => Resume(rest),
            "quit" => new ChatCommand.Quit(rest.Length > 0 ? rest : null),
            "register" => Words(rest) is [var password] ? new ChatCommand.Register(password) : new ChatCommand.Misused("/register PASSWORD (one word, at least 8 characters)"),
            "login" => Words(rest) is [var account, var password] ? new ChatCommand.Login(account, password) : new ChatCommand.Misused("/login NAME PASSWORD"),
            "logout" => new ChatCommand.Logout(),
            "password" => Words(rest) is [var old, var changed] ? new ChatCommand.ChangePassword(old, changed) : new ChatCommand.Misused("/password OLD NEW"),
            "unregister" => Words(rest) is [var password] ? new ChatCommand.Unregister(password) : new ChatCommand.Misused("/unregister PASSWORD"),
            "room" => RoomSettings(rest),
            "topic" => new ChatCommand.Topic(rest.Length > 0 ? rest : null),
            "op" or "deop" or "ban" or "unban" or "invite" when OneWord(rest) is { } target => new ChatCommand.Moderate(Enum.Parse<Moderation>(name, ignoreCase: true), target),
            "op" or "deop" or "ban" or "unban" or "invite" => new ChatCommand.Misused($"/{name.ToLowerInvariant()} NAME"),
            "kick" => Kick(rest),
            _ => new ChatCommand.Unknown(name),
        };
    }

    private static int? HistoryCount(string rest) =>
        rest.Length == 0 ? DefaultHistoryLines
            : int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxHistoryLines ? count
            : null;

    private static ChatCommand Resume(string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && long.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new ChatCommand.Resume(words[0], id)
            : new ChatCommand.Misused("/resume #ROOM ID");
    }

    private static ChatCommand RoomSettings(string rest) => Words(rest) switch
    {
        [var action] when action.Equals("register", StringComparison.OrdinalIgnoreCase) || action.Equals("info", StringComparison.OrdinalIgnoreCase) => new ChatCommand.RoomSettings(action.ToLowerInvariant(), null),
        [var action, var value] when action.Equals("private", StringComparison.OrdinalIgnoreCase) && value.ToLowerInvariant() is "on" or "off" => new ChatCommand.RoomSettings("private", value.ToLowerInvariant()),
        [var action, var value] when action.Equals("key", StringComparison.OrdinalIgnoreCase) => new ChatCommand.RoomSettings("key", value),
        _ => new ChatCommand.Misused("/room register | /room info | /room private on|off | /room key KEY|off"),
    };

    private static ChatCommand Kick(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return rest.Length == 0 ? new ChatCommand.Misused("/kick NAME [reason]")
            : space < 0 ? new ChatCommand.Moderate(Moderation.Kick, rest)
            : new ChatCommand.Moderate(Moderation.Kick, rest[..space], rest[(space + 1)..].Trim(' ') is { Length: > 0 } reason ? reason : null);
    }

    private static string[] Words(string rest) => rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? OneWord(string rest) =>
        rest.Length > 0 && !rest.Contains(' ', StringComparison.Ordinal) ? rest : null;

    private static ChatCommand SayIn(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space <= 0 || rest[(space + 1)..].Trim(' ').Length == 0
            ? new ChatCommand.Misused("/say ROOM text")
            : new ChatCommand.SayIn(rest[..space], rest[(space + 1)..]);
    }

    private static ChatCommand Private(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var text = space < 0 ? string.Empty : rest[(space + 1)..];
        return space <= 0 || text.Trim(' ').Length == 0
            ? new ChatCommand.Misused("/msg NAME text")
            : new ChatCommand.Msg(rest[..space], text);
    }
}
