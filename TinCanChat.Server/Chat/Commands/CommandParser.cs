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
        "* /join ROOM — leave your room and enter ROOM (created if new)",
        "* /rooms — the rooms and how many are in each",
        "* /history [N] — the N lines of your room before the oldest you have seen (50, at most 500)",
        "* /help — this list",
        "* /cap ids — chat lines come with @ROOM:ID:TIME in front, for /resume",
        "* /resume #ROOM ID — the lines of ROOM after ID, then live ones (after reconnecting)",
        "* /quit [reason] — leave the chat",
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
            "msg" => Private(rest),
            "join" => OneWord(rest) is { } room ? new ChatCommand.Join(room) : new ChatCommand.Misused("/join ROOM"),
            "rooms" => new ChatCommand.Rooms(),
            "history" => HistoryCount(rest) is { } count ? new ChatCommand.History(count) : new ChatCommand.Misused($"/history [N], N from 1 to {MaxHistoryLines}"),
            "help" => new ChatCommand.Help(),
            "cap" => OneWord(rest) is { } cap ? new ChatCommand.Cap(cap.ToLowerInvariant()) : new ChatCommand.Misused("/cap ids"),
            "resume" => Resume(rest),
            "quit" => new ChatCommand.Quit(rest.Length > 0 ? rest : null),
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

    private static string? OneWord(string rest) =>
        rest.Length > 0 && !rest.Contains(' ', StringComparison.Ordinal) ? rest : null;

    private static ChatCommand Private(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var text = space < 0 ? string.Empty : rest[(space + 1)..];
        return space <= 0 || text.Trim(' ').Length == 0
            ? new ChatCommand.Misused("/msg NAME text")
            : new ChatCommand.Msg(rest[..space], text);
    }
}
