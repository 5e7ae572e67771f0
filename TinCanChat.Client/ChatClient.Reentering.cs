using System.Globalization;

namespace TinCanChat.Client;

/// <summary>
/// Back after a reconnect: ids, who it is, then its room (SPEC §8, §11), resumed after the last
/// line it showed; or, in several rooms at once (the full screen's windows), each of them, and the
/// one looked at gets the plain lines again.
/// </summary>
internal sealed partial class ChatClient
{
    // The answers due to what the reconnect sent by itself (/cap rooms, /focus): taken, not shown (the receive thread's).
    private readonly ExpectedAnswers _answersDue = new();

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
        var focus = shown ?? (inLobby ? Lobby : rooms[0]);
        _answersDue.Clear();
        _answersDue.Expect("* capabilities: rooms", $"* your lines go to {focus}");
        IEnumerable<string> ordered = inLobby ? [Lobby, .. rooms.Where(room => !room.Equals(Lobby, StringComparison.OrdinalIgnoreCase))] : rooms;
        return
        [
            "/cap rooms",
            .. Introduction(),
            .. ordered.Select(room => _ids.LastIn(room) is { } last ? $"/resume {room} {last.ToString(CultureInfo.InvariantCulture)}"
                : room.Equals(Lobby, StringComparison.OrdinalIgnoreCase) ? null
                : $"/join {room}"),
            inLobby ? null : $"/part {Lobby}",
            $"/focus {focus}",
        ];
    }
}
