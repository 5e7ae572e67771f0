using System.Globalization;
using System.Text;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Server;

/// <summary>The text of the lines the server itself originates; they all start with "* ".</summary>
internal static class ServerNotices
{
    public const string Full = ServerLines.Full;

    public const string TooManyFromAddress = ServerLines.TooManyFromAddress;

    public const string ShuttingDown = "* server shutting down";

    public const string InvalidUtf8 = "* error: message is not valid UTF-8";

    public static string Error(string what) => $"* error: {what}";

    /// <summary>To a sender held back by <c>--rate-limit</c>, once per burst: nothing is lost, it only goes slower.</summary>
    public static string SlowDown(int waiting, int perSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{ServerLines.SlowDownStart}{waiting} of your lines are waiting; this server takes {perSecond} a second from each client, and sends them on as it does");

    public static string Joined(string label, int online) => Joined(label, online.ToString(CultureInfo.InvariantCulture));

    /// <param name="online">The count, or a slot for it (a line built in Redis).</param>
    public static string Joined(string label, string online) => $"* {label} joined ({online} online)";

    public static string JoinedRoom(string name, string room) => $"* {name} joined #{room}";

    public static string LeftRoom(string name, string room) => $"* {name} left #{room}";

    public static string Topic(string room, string topic) => $"* topic of #{room}: {topic}";

    public static string AlreadyIn(string room) => $"* you are already in #{room}";

    public const string EndOfHistory = "* end of history";

    /// <summary>Replayed lines come between this and <see cref="EndOfHistory"/> (SPEC §11).</summary>
    public static string HistoryOf(string room) => $"* history of #{room}:";

    public static string NoOlderLines(string room) => $"* no older lines of #{room} are kept";

    /// <summary>The answer to <c>/cap ids</c>: with the room's last line so far, all of which the client was sent without ids.</summary>
    public static string IdsOn((string Room, long LastId)? at) =>
        at is { } position ? string.Create(CultureInfo.InvariantCulture, $"* capabilities: ids ({position.Room} at {position.LastId})") : "* capabilities: ids";

    /// <summary>The answer to <c>/cap rooms</c> (the answer to <c>/cap ids</c> follows it).</summary>
    public const string RoomsOn = "* capabilities: rooms (/join adds a room, /part ROOM leaves one, /focus ROOM picks where your lines go, /say ROOM text speaks in another)";

    public static string Focused(string room) => $"* your lines go to #{room}";

    public static string Parted(string room, string focused) => $"* you left #{room}; your lines go to #{focused}";

    public static string NoLongerKept(long count) => Error($"{count.ToString(CultureInfo.InvariantCulture)} older lines are no longer kept");

    public static string Quit(string name, string reason) => $"* {name} left ({reason})";

    public static string Renamed(string old, string name) => $"* {old} is now known as {name}";

    /// <summary>The room's members, in lines of at most <paramref name="maxBytes"/> (the server's own message limit): the first with the count, the others marked as continued.</summary>
    public static IReadOnlyList<string> Who(string room, IReadOnlyCollection<string> names, int maxBytes = int.MaxValue) =>
        Listed($"* in #{room} ({names.Count}): ", $"* in #{room} (continued): ", names, maxBytes);

    /// <summary>The rooms that have members, the busiest first, in lines of at most <paramref name="maxBytes"/>.</summary>
    public static IReadOnlyList<string> Rooms(IEnumerable<(string Name, int Members)> rooms, int maxBytes = int.MaxValue) =>
        Listed(
            "* rooms: ",
            "* rooms (continued): ",
            [.. rooms.Where(room => room.Members > 0).OrderByDescending(room => room.Members).ThenBy(room => room.Name, StringComparer.OrdinalIgnoreCase).Select(room => $"#{room.Name} ({room.Members})")],
            maxBytes);

    public static string Private(string from, string to, string text) => $"{from} -> {to}: {text}";

    /// <summary>A chat line as the room sees it.</summary>
    public static string Said(string name, string text) => $"{name}: {text}";

    // Items joined by ", " after a head, a new line (after the second head) whenever the next would
    // pass the limit; a line always takes at least one item.
    private static List<string> Listed(string head, string continued, IEnumerable<string> items, int maxBytes)
    {
        var lines = new List<string>();
        var line = new StringBuilder(head);
        var bytes = Encoding.UTF8.GetByteCount(head);
        var empty = true;
        foreach (var item in items)
        {
            var itemBytes = Encoding.UTF8.GetByteCount(item);
            if (!empty && bytes + 2 + itemBytes > maxBytes)
            {
                lines.Add(line.ToString());
                line.Clear().Append(continued);
                bytes = Encoding.UTF8.GetByteCount(continued);
                empty = true;
            }

            if (!empty)
            {
                line.Append(", ");
                bytes += 2;
            }

            line.Append(item);
            bytes += itemBytes;
            empty = false;
        }

        lines.Add(line.ToString());
        return lines;
    }


    /// <param name="why">Null for an ordinary goodbye.</param>
    /// <param name="online">The count, or a slot for it (a line built in Redis).</param>
    public static string Left(string label, string? why, string online) =>
        why is null ? $"* {label} left ({online} online)" : $"* {label} left: {why} ({online} online)";
}
