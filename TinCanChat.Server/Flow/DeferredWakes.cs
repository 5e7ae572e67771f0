namespace TinCanChat.Server.Flow;

/// <summary>
/// Wake-ups that may wait a moment, gathered from many threads and done together by the watchdog
/// on its next tick (at most a tenth of a second later). Every client joins on its own receive
/// thread, so a burst of a thousand arrivals would otherwise wake every send thread a thousand
/// times.
/// </summary>
internal sealed class DeferredWakes : IWakeable
{
    private readonly Lock _lock = new();
    private HashSet<IWakeable> _pending = [];

    /// <summary>Takes over what <paramref name="batch"/> would have woken.</summary>
    public void Defer(WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            batch.MoveTargetsTo(_pending);
        }
    }

    /// <summary>Wakes everything deferred since the last call, once each.</summary>
    public void Wake()
    {
        HashSet<IWakeable> due;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            due = _pending;
            _pending = [];
        }

        foreach (var target in due)
        {
            target.Wake();
        }
    }
}
