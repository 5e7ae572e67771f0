namespace TinCanChat.Server.Flow;

/// <summary>
/// The wake-up rule in one place: a producer (a receive thread per read, the watchdog per tick
/// of arrivals) queues frames without waking anyone, names here whom it queued for, and
/// completes the batch once, so a read of a thousand frames costs each reader one wake-up.
/// A producer that is about to wait (held back, rate limited) completes its batch first, so the
/// readers it waits for are awake to catch up. Owned by one thread; not thread-safe.
/// </summary>
internal sealed class WakeBatch
{
    // Usually one target (the registry, or the echoing session): a list beats a set here.
    private readonly List<IWakeable> _targets = [];

    public void Include(IWakeable target)
    {
        if (!_targets.Contains(target))
        {
            _targets.Add(target);
        }
    }

    /// <summary>Hands the targets to <paramref name="later"/> instead of waking them, and starts a new batch.</summary>
    public void MoveTargetsTo(ISet<IWakeable> later)
    {
        ArgumentNullException.ThrowIfNull(later);
        later.UnionWith(_targets);
        _targets.Clear();
    }

    /// <summary>Wakes every target once and starts a new batch.</summary>
    public void Complete()
    {
        foreach (var target in _targets)
        {
            target.Wake();
        }

        _targets.Clear();
    }
}
