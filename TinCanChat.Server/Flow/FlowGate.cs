namespace TinCanChat.Server.Flow;

/// <summary>
/// Where held-back senders wait for readers to catch up. Outboxes report crossing their soft
/// limit (<see cref="Behind"/>) and draining back under it (<see cref="CaughtUp"/>); a sender
/// that found a reader behind waits for the next change instead of polling the outboxes.
/// </summary>
internal sealed class FlowGate
{
    private readonly object _monitor = new();
    private int _behind;
    private long _generation;

    /// <summary>Whether any outbox is past its soft limit; a cheap test before looking at each.</summary>
    public bool AnyBehind => Volatile.Read(ref _behind) > 0;

    /// <summary>Read before looking at the outboxes; pass to <see cref="Wait"/> so no change is missed.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Behind() => Interlocked.Increment(ref _behind);

    public void CaughtUp()
    {
        Interlocked.Decrement(ref _behind);
        Open();
    }

    /// <summary>Wakes every waiting sender to look again.</summary>
    public void Open()
    {
        lock (_monitor)
        {
            _generation++;
            Monitor.PulseAll(_monitor);
        }
    }

    /// <summary>Waits until something changed since <paramref name="seen"/>, or the timeout.</summary>
    public void Wait(long seen, TimeSpan timeout)
    {
        lock (_monitor)
        {
            if (_generation == seen)
            {
                Monitor.Wait(_monitor, timeout);
            }
        }
    }
}
