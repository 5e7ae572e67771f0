namespace TinCanChat.Server.Chat.History;

/// <summary>
/// The rooms' lines in memory, for the server's run (<c>--data none</c>, and the tests): a
/// <see cref="RoomLog"/> per room, within <see cref="HistoryLimits"/>' bytes, kept when a room
/// empties so its ids go on; a log that kept nothing is let go with its room.
/// </summary>
internal sealed class MemoryHistoryStore(HistoryLimits limits) : IHistoryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RoomLog> _logs = new(StringComparer.OrdinalIgnoreCase);

    public static MemoryHistoryStore None => new(HistoryLimits.None);

    public IReadOnlyList<LoggedLine> Append(string room, IReadOnlyList<byte[]> frames, long saidAtMs)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var log = For(room);
        return [.. frames.Select(frame => log.Append(frame, saidAtMs))];
    }

    public long NextId(string room) => For(room).NextId;

    public IReadOnlyList<LoggedLine> Last(string room, int count) => For(room).Last(count);

    public IReadOnlyList<LoggedLine> Before(string room, long id, int count) => For(room).Before(id, count);

    public (IReadOnlyList<LoggedLine> Lines, long Gone) After(string room, long id) => For(room).After(id);

    public void RoomEmptied(string room)
    {
        lock (_lock)
        {
            if (_logs.TryGetValue(room, out var log) && log.IsEmpty)
            {
                _logs.Remove(room);
            }
        }
    }

    public void Dispose()
    {
    }

    private RoomLog For(string room)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(room, out var log))
            {
                log = new RoomLog(limits);
                _logs[room] = log;
            }

            return log;
        }
    }
}
