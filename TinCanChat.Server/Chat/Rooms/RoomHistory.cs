namespace TinCanChat.Server.Chat.Rooms;

/// <summary>
/// How much chat the rooms keep for newcomers (<c>--history</c>): at most so many lines and so
/// many bytes per room, and so many bytes for all rooms together, so a few clients pasting big
/// lines into rooms of their own cannot fill the server's memory.
/// </summary>
internal sealed class HistoryLimits(int lines, long roomBytes = HistoryLimits.DefaultRoomBytes, long totalBytes = HistoryLimits.DefaultTotalBytes)
{
    public const long DefaultRoomBytes = 1024 * 1024;

    public const long DefaultTotalBytes = 64 * 1024 * 1024;

    private long _used;

    public static HistoryLimits None { get; } = new(0);

    public int Lines { get; } = lines;

    public long RoomBytes { get; } = roomBytes;

    /// <summary>Bytes kept by every room now.</summary>
    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>Takes room for a line from the overall bound; false: no room left.</summary>
    public bool TryTake(int bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > totalBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Give(long bytes) => Interlocked.Add(ref _used, -bytes);
}

/// <summary>
/// One room's last chat lines, within <see cref="HistoryLimits"/>. Always the newest lines with
/// none missing between them, so a newcomer's replay joins the live lines without a gap: a line
/// that cannot be kept, even after the oldest make way, clears the rest. Under the room's lock.
/// </summary>
internal sealed class RoomHistory(HistoryLimits limits)
{
    private readonly Queue<byte[]> _lines = new();
    private long _bytes;

    public IEnumerable<byte[]> Lines => _lines;

    public void Keep(byte[] frame)
    {
        if (limits.Lines == 0)
        {
            return;
        }

        while (_lines.Count >= limits.Lines || _bytes + frame.Length > limits.RoomBytes || !limits.TryTake(frame.Length))
        {
            if (_lines.Count == 0)
            {
                return;
            }

            Forget(_lines.Dequeue());
        }

        _lines.Enqueue(frame);
        _bytes += frame.Length;
    }

    /// <summary>The room is gone: its lines give their bytes back.</summary>
    public void Clear()
    {
        limits.Give(_bytes);
        _bytes = 0;
        _lines.Clear();
    }

    private void Forget(byte[] frame)
    {
        _bytes -= frame.Length;
        limits.Give(frame.Length);
    }
}
