namespace TinCanChat.Server.Flow;

/// <summary>
/// N messages per second with a burst of N, on a monotonic clock. Used by one receive thread,
/// which sleeps for the answer of <see cref="Take"/>: a blocking thread needs no timer, and the
/// refill is continuous rather than stepwise.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(int perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _perSecond = perSecond;
        _tokens = perSecond;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes a token and returns zero, or, when there is none, how long until there is one.</summary>
    public TimeSpan Take()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_perSecond, _tokens + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
        _refilledAt = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }

        // Rounded up and at least one tick: a zero here would read as a token taken.
        return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) / _perSecond * TimeSpan.TicksPerSecond)));
    }
}
