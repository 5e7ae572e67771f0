using System.Collections.Concurrent;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// One client's bounded queue of encoded frames. Producers never block here (unless they ask
/// to), and the client's send thread sleeps while it is empty. Past half its capacity the
/// outbox is <em>behind</em> and tells the <see cref="FlowGate"/>, so chat senders wait for it
/// while its socket still takes data; the other half is room for notices, which never wait.
/// Once drained to a quarter it has caught up and the held-back senders go on.
/// </summary>
internal sealed class Outbox : IDisposable
{
    private readonly BlockingCollection<byte[]> _frames;
    private readonly FlowGate _gate;
    private readonly int _softLimit;
    private readonly int _caughtUpAt;

    // The idle send thread sleeps on this instead of in BlockingCollection.TryTake, whose
    // semaphore spins and yields first: with thousands of send threads woken by one broadcast,
    // that spinning alone saturates the machine.
    private readonly ManualResetEventSlim _wakeup = new(initialState: false, spinCount: 0);
    private int _consumerIdle;
    private int _nudged;
    private int _behind;

    public Outbox(int capacity, FlowGate gate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _frames = new BlockingCollection<byte[]>(capacity);
        _gate = gate;
        _softLimit = Math.Max(1, capacity / 2);
        _caughtUpAt = _softLimit / 2;
    }

    /// <summary>Past the soft limit and not yet drained back.</summary>
    public bool IsBehind => Volatile.Read(ref _behind) == 1;

    /// <summary>Frames waiting now (for the metrics).</summary>
    public int Count => _frames.Count;

    /// <summary>
    /// Queues a frame, waiting up to <paramref name="patience"/> for room. False: still full.
    /// The consumer is not woken: call <see cref="Wake"/> once a batch is queued.
    /// </summary>
    /// <exception cref="InvalidOperationException">The outbox was completed.</exception>
    /// <exception cref="ObjectDisposedException">The outbox was disposed.</exception>
    public bool TryAdd(byte[] frame, TimeSpan patience)
    {
        if (!_frames.TryAdd(frame, patience))
        {
            return false;
        }

        if (_frames.Count >= _softLimit && Interlocked.CompareExchange(ref _behind, 1, 0) == 0)
        {
            _gate.Behind();
        }

        return true;
    }

    /// <summary>Wakes the consumer if it sleeps; a no-op costing one read otherwise.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _consumerIdle) == 1)
        {
            try
            {
                _wakeup.Set();
            }
            catch (ObjectDisposedException)
            {
                // The consumer woke and its session ended meanwhile: there is no one to wake,
                // and the producer calling us must not fail for it.
            }
        }
    }

    /// <summary>A frame already waiting, without blocking.</summary>
    public bool TryTake(out byte[] frame)
    {
        if (!_frames.TryTake(out frame!))
        {
            return false;
        }

        if (_frames.Count <= _caughtUpAt)
        {
            StopBeingBehind();
        }

        return true;
    }

    /// <summary>Its consumer is asleep (or about to be) waiting for work: whoever wakes it may do its work instead.</summary>
    public bool ConsumerIdle => Volatile.Read(ref _consumerIdle) == 1;

    /// <summary>Wakes the consumer for work that is not a frame in here (bytes another writer left it).</summary>
    public void Nudge()
    {
        // A full fence before reading whether it sleeps, as WaitForWork announces sleep before looking.
        Interlocked.Exchange(ref _nudged, 1);
        Wake();
    }

    /// <summary>
    /// Blocks until there is work: a frame waiting or a <see cref="Nudge"/>. False once the outbox
    /// is completed and empty. Takes nothing: the consumer takes under its own write lock.
    /// </summary>
    public bool WaitForWork()
    {
        while (true)
        {
            if (_frames.Count > 0 || Interlocked.Exchange(ref _nudged, 0) == 1)
            {
                return true;
            }

            if (_frames.IsCompleted)
            {
                return false;
            }

            // Announce idleness, then look again, so an add or nudge racing with us is never missed.
            Interlocked.Exchange(ref _consumerIdle, 1);
            _wakeup.Reset();
            if (_frames.Count == 0 && Volatile.Read(ref _nudged) == 0 && !_frames.IsCompleted)
            {
                _wakeup.Wait();
            }

            Volatile.Write(ref _consumerIdle, 0);
        }
    }

    /// <summary>No more adds; the consumer drains what is left, then gets null. Senders stop waiting for it.</summary>
    public void Complete()
    {
        StopBeingBehind();
        _frames.CompleteAdding();
        _wakeup.Set();
    }

    public void Dispose()
    {
        StopBeingBehind();
        _frames.Dispose();
        _wakeup.Dispose();
    }

    private void StopBeingBehind()
    {
        if (Interlocked.CompareExchange(ref _behind, 0, 1) == 1)
        {
            _gate.CaughtUp();
        }
    }
}
