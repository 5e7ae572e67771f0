namespace TinCanChat.Server.Chat.History;

/// <summary>
/// Every room's <see cref="RoomLog"/> by name (case-insensitive), kept while the server runs, so a
/// room's ids and lines go on when it empties and is entered again. A log with no lines left is
/// forgotten with its room (a room named once and never spoken in costs nothing).
/// </summary>
internal sealed class RoomLogs(HistoryLimits limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RoomLog> _logs = new(StringComparer.OrdinalIgnoreCase);

    public RoomLog For(string room)
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

    /// <summary>The room was forgotten: so is its log, if it kept nothing.</summary>
    public void ForgetIfEmpty(string room)
    {
        lock (_lock)
        {
            if (_logs.TryGetValue(room, out var log) && log.IsEmpty)
            {
                _logs.Remove(room);
            }
        }
    }
}
