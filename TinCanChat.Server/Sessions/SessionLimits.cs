namespace TinCanChat.Server.Sessions;

/// <summary>
/// The limits every session reads each time it needs them, so a reload (SIGHUP) changes them for
/// sessions already running as well as new ones: <c>--rate-limit</c> and <c>--slow-reader-timeout</c>.
/// Written by the reload alone; read by any thread.
/// </summary>
internal sealed class SessionLimits(int rateLimit, TimeSpan slowReaderTimeout)
{
    private volatile int _rateLimit = rateLimit;
    private long _slowReaderTimeoutTicks = slowReaderTimeout.Ticks;

    /// <summary>Messages per second one client may send; 0: no limit.</summary>
    public int RateLimit
    {
        get => _rateLimit;
        set => _rateLimit = value;
    }

    public TimeSpan SlowReaderTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _slowReaderTimeoutTicks));
        set => Interlocked.Exchange(ref _slowReaderTimeoutTicks, value.Ticks);
    }
}
