using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>
/// The rooms by name (case-insensitive). A room is created on first use and forgotten once its
/// last member leaves. Lock order: this directory's lock, then a room's lock.
/// </summary>
/// <param name="store">Where the rooms' lines are kept (<see cref="MemoryHistoryStore.None"/> with <c>--redis</c>, which keeps them in Redis).</param>
/// <param name="replayLines">How many of them a client entering a room gets first (<c>--history</c>).</param>
internal sealed class RoomDirectory(IHistoryStore store, int replayLines, FlowGate gate, ServerMetrics metrics)
{
    public const string Lobby = "lobby";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.OrdinalIgnoreCase);
    private bool _stopped;

    /// <summary>Rooms open now (with members, or just emptied).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rooms.Count;
            }
        }
    }

    /// <summary>The room of that name, created if there is none.</summary>
    public Room GetOrCreate(string name)
    {
        lock (_lock)
        {
            if (!_rooms.TryGetValue(name, out var room))
            {
                room = new Room(name, store, replayLines, gate, metrics);
                if (_stopped)
                {
                    room.Stop();
                }

                _rooms[name] = room;
            }

            return room;
        }
    }

    /// <summary>Forgets the room if it is empty; a later join of that name gets a new room. True: forgotten now.</summary>
    public bool ForgetIfEmpty(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            if (!_rooms.TryGetValue(room.Name, out var current) || current != room || !room.TryRetire())
            {
                return false;
            }

            _rooms.Remove(room.Name);
            store.RoomEmptied(room.StoreKey);
            return true;
        }
    }

    /// <summary>Every room with its member count.</summary>
    public IReadOnlyList<(string Name, int Members)> List()
    {
        List<Room> rooms;
        lock (_lock)
        {
            rooms = [.. _rooms.Values];
        }

        return [.. rooms.Select(room => (room.Name, room.Count))];
    }

    /// <summary>Shutdown: every room, and any created later, routes nothing.</summary>
    public void Stop()
    {
        List<Room> rooms;
        lock (_lock)
        {
            _stopped = true;
            rooms = [.. _rooms.Values];
        }

        foreach (var room in rooms)
        {
            room.Stop();
        }
    }
}
