using System.Globalization;

namespace TinCanChat.Server;

/// <summary>The text of the lines the server itself originates; they all start with "* ".</summary>
internal static class ServerNotices
{
    public const string Full = "* error: server full";

    public const string TooManyFromAddress = "* error: too many connections from your address";

    public const string ShuttingDown = "* server shutting down";

    public const string InvalidUtf8 = "* error: message is not valid UTF-8";

    public static string Error(string what) => $"* error: {what}";

    public static string Joined(string label, int online) => Joined(label, online.ToString(CultureInfo.InvariantCulture));

    /// <param name="online">The count, or a slot for it (a line built in Redis).</param>
    public static string Joined(string label, string online) => $"* {label} joined ({online} online)";

    public static string JoinedRoom(string name, string room) => $"* {name} joined #{room}";

    public static string LeftRoom(string name, string room) => $"* {name} left #{room}";

    public static string AlreadyIn(string room) => $"* you are already in #{room}";

    public static string Quit(string name, string reason) => $"* {name} left ({reason})";

    public static string Renamed(string old, string name) => $"* {old} is now known as {name}";

    public static string Who(string room, IReadOnlyCollection<string> names) => $"* in #{room} ({names.Count}): {string.Join(", ", names)}";

    /// <summary>The rooms that have members, the busiest first.</summary>
    public static string Rooms(IEnumerable<(string Name, int Members)> rooms) =>
        $"* rooms: {string.Join(", ", rooms.Where(room => room.Members > 0).OrderByDescending(room => room.Members).ThenBy(room => room.Name, StringComparer.OrdinalIgnoreCase).Select(room => $"#{room.Name} ({room.Members})"))}";

    public static string Private(string from, string to, string text) => $"{from} -> {to}: {text}";


    /// <param name="why">Null for an ordinary goodbye.</param>
    /// <param name="online">The count, or a slot for it (a line built in Redis).</param>
    public static string Left(string label, string? why, string online) =>
        why is null ? $"* {label} left ({online} online)" : $"* {label} left: {why} ({online} online)";
}
