namespace TinCanChat.Server.Flow;

/// <summary>
/// How long one reader held its room back within the last 30 s (SPEC §4, <c>--max-hold</c>),
/// from a running total of the time it held its room back. Keeps that total as it stood at
/// the start of each of the last 30 seconds, so the time held within the window is the total now
/// less the total 30 s ago. Fed by one thread (the watchdog); not thread-safe.
/// </summary>
internal sealed class HoldWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    private const int Seconds = 30;

    // Made once the reader has held its room back at all: most never do.
    private long[]? _totalAtSecond;
    private long _second = -1;

    /// <param name="nowMs">A monotonic clock in milliseconds.</param>
    /// <param name="heldTotalMs">How long the reader has held its room back since the session started.</param>
    /// <returns>How long of that fell within the last 30 s.</returns>
    public TimeSpan Held(long nowMs, long heldTotalMs)
    {
        if (heldTotalMs == 0 && _totalAtSecond is null)
        {
            return TimeSpan.Zero;
        }

        var totalAtSecond = _totalAtSecond ??= new long[Seconds];
        var second = nowMs / 1000;
        if (_second < 0)
        {
            _second = second;
        }

        // Seconds the watchdog did not see get the total it sees now: that only undercounts.
        for (var s = Math.Max(_second + 1, second - Seconds + 1); s <= second; s++)
        {
            totalAtSecond[s % Seconds] = heldTotalMs;
        }

        _second = Math.Max(_second, second);
        var oldest = totalAtSecond[(second + 1) % Seconds];
        return TimeSpan.FromMilliseconds(Math.Max(0, heldTotalMs - oldest));
    }
}
