using System.Globalization;

namespace TinCanChat.Client;

/// <summary>
/// Back after a reconnect: ids, who it is, then its room (SPEC §8, §11), resumed after the last
/// line it showed; or, in several rooms at once (the full screen's windows), each of them, and the
/// one looked at gets the plain lines again.
/// </summary>
internal sealed partial class ChatClient
{
    // Set when the reconnect asked for /cap rooms; its answer is taken (the receive thread's).
    private bool _roomsAnswerDue;

    private IEnumerable<string?> Reentering()
    {
        var (rooms, shown) = console.RoomsShown;
        if (rooms.Count > 1)
        {
            return SeveralRooms(rooms, shown);
        }

        var room = _room ?? "lobby";
        var resumeFrom = _ids.LastIn(room);
        _replay.Resuming = resumeFrom is not null;
        return resumeFrom is { } last
            ? ["/cap ids", .. Introduction(), $"/resume #{room.TrimStart('#')} {last.ToString(CultureInfo.InvariantCulture)}"]
            : ["/cap ids", .. Introduction(), room.TrimStart('#').Equals("lobby", StringComparison.OrdinalIgnoreCase) ? null : $"/join {room}"];
    }

    // The lobby first (it is entered on arriving: its replay is the one a resume replaces), then the
    // others, each resumed where it stopped or entered anew; out of the lobby if it had left it.
    private IEnumerable<string?> SeveralRooms(IReadOnlyList<string> rooms, string? shown)
    {
        const string Lobby = "#lobby";
        var inLobby = rooms.Contains(Lobby, StringComparer.OrdinalIgnoreCase);
        _replay.Resuming = _ids.LastIn(inLobby ? Lobby : rooms[0]) is not null;
        _roomsAnswerDue = true;
        IEnumerable<string> ordered = inLobby ? [Lobby, .. rooms.Where(room => !room.Equals(Lobby, StringComparison.OrdinalIgnoreCase))] : rooms;
        return
        [
            "/cap rooms",
            .. Introduction(),
            .. ordered.Select(room => _ids.LastIn(room) is { } last ? $"/resume {room} {last.ToString(CultureInfo.InvariantCulture)}"
                : room.Equals(Lobby, StringComparison.OrdinalIgnoreCase) ? null
                : $"/join {room}"),
            inLobby ? null : $"/part {Lobby}",
            $"/focus {shown ?? (inLobby ? Lobby : rooms[0])}",
        ];
    }

    private bool TookRoomsOn(string line)
    {
        if (!_roomsAnswerDue || !line.StartsWith("* capabilities: rooms", StringComparison.Ordinal))
        {
            return false;
        }

        _roomsAnswerDue = false;
        return true;
    }
}
