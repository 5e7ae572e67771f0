namespace TinCanChat.Bench;

/// <summary>
/// Log-linear latency buckets in microseconds, as HdrHistogram does: exact below 128 µs, then
/// 64 buckets per power of two (under 1.6 % error). Recording is one interlocked increment,
/// with no allocation per sample.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int PerPower = 64;
    private const int FirstPower = 7;

    private readonly long[] _counts = new long[Linear + ((63 - FirstPower + 1) * PerPower)];
    private long _max;

    public long Max => Volatile.Read(ref _max);

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        long seen;
        while (value > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
        {
        }
    }

    public long Count() => _counts.Sum();

    /// <summary>The value at or below which <paramref name="percentile"/> % of samples fall, in microseconds.</summary>
    public long Percentile(double percentile)
    {
        var total = Count();
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(total * percentile / 100.0));
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            if (running >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var power = 63 - (int)long.LeadingZeroCount(value);
        var shift = power - (FirstPower - 1);
        return Linear + ((power - FirstPower) * PerPower) + (int)((value >> shift) - PerPower);
    }

    internal static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var block = (index - Linear) / PerPower;
        var sub = (index - Linear) % PerPower;
        return ((long)(sub + PerPower + 1) << (block + 1)) - 1;
    }
}
