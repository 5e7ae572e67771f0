namespace TinCanChat.Server.Chat.History;

/// <summary>
/// How much chat the rooms keep (<c>--history-keep</c>): at most so many lines and so many bytes
/// per room, and so many bytes for all rooms together, so a few clients pasting big lines into
/// rooms of their own cannot fill the server's memory.
/// </summary>
internal sealed class HistoryLimits(int lines, long roomBytes = HistoryLimits.DefaultRoomBytes, long totalBytes = HistoryLimits.DefaultTotalBytes)
{
    public const int DefaultLines = 10_000;

    public const long DefaultRoomBytes = 1024 * 1024;

    public const long DefaultTotalBytes = 64 * 1024 * 1024;

    private long _used;

    /// <summary>Nothing is kept (with <c>--redis</c> the rooms' lines are kept in Redis).</summary>
    public static HistoryLimits None { get; } = new(0);

    public int Lines { get; } = lines;

    public long RoomBytes { get; } = roomBytes;

    public long TotalBytes { get; } = totalBytes;

    /// <summary>Bytes kept by every room now.</summary>
    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>Takes room for a line from the overall bound; false: no room left.</summary>
    public bool TryTake(int bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > TotalBytes)
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
