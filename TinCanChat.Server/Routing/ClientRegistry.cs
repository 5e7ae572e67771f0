using System.Diagnostics;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>
/// The connected clients. Every broadcast enqueues to every outbox under one lock, which gives
/// all clients the same global order; no socket I/O, no waiting and no waking happens under it.
/// A broadcast that finds a reader behind while its socket still takes data queues nothing and
/// waits, outside the lock, for the <see cref="FlowGate"/>: the sender is held back, nobody is
/// dropped to make room. See ARCHITECTURE.md, "Flow control".
/// </summary>
internal sealed class ClientRegistry(FlowGate gate, ServerMetrics metrics) : IWakeable
{
    // A held-back sender looks again this often even without a signal: a reader whose writes
    // have since blocked no longer holds it back, and nothing signals that.
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly List<IClientSession> _clients = [];

    // Who to wake, copied from _clients when it changed since the last wake-up.
    private IClientSession[] _toWake = [];
    private bool _toWakeStale;

    // Whether anything was queued since the last wake-up. Without it, the accept loop's batch per
    // burst of silent arrivals (above the announce limit) woke every idle send thread for nothing:
    // at 10 000 clients, millions of wake-ups that slowed admission to a few hundred a second.
    private bool _queuedSinceWake;
    private bool _stopped;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>
    /// Adds the client, then queues for everyone (it included) the notice built from the new
    /// count, unless that builder returns null. Held back like a broadcast. False: stopped.
    /// </summary>
    public bool Add(IClientSession session, Func<int, byte[]?> notice, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return WhenNoneHoldsBack(session, batch, () =>
        {
            _clients.Add(session);
            _toWakeStale = true;
            return notice(_clients.Count) is { } frame ? EnqueueToAll(frame) : null;
        });
    }

    /// <summary>
    /// Removes the client; if it was there and the notice builder gives a frame, the others get
    /// it at once. Never waits: a leave is bounded by the number of clients, and the outboxes
    /// keep room for notices.
    /// </summary>
    public void Remove(IClientSession session, Func<int, byte[]?>? notice)
    {
        List<IClientSession>? slow = null;
        lock (_lock)
        {
            if (!_clients.Remove(session))
            {
                return;
            }

            _toWakeStale = true;
            if (_stopped || notice?.Invoke(_clients.Count) is not { } frame)
            {
                return;
            }

            slow = EnqueueToAll(frame);
        }

        Wake();
        CloseSlowReaders(slow);
    }

    /// <summary>
    /// Queues one shared frame for every client, waiting first while a reader that still takes
    /// data is behind; <paramref name="batch"/> wakes them. A client whose outbox is full all the
    /// same is not taking data and is disconnected. Dropped once the sender closes or the
    /// registry stops.
    /// </summary>
    public void Broadcast(byte[] frame, IClientSession sender, WakeBatch batch) =>
        WhenNoneHoldsBack(sender, batch, () => EnqueueToAll(frame));

    /// <summary>Wakes every send thread for what was queued since the last wake-up, if anything was.</summary>
    public void Wake()
    {
        IClientSession[] clients;
        lock (_lock)
        {
            if (!_queuedSinceWake)
            {
                return;
            }

            _queuedSinceWake = false;
            if (_toWakeStale)
            {
                _toWake = [.. _clients];
                _toWakeStale = false;
            }

            clients = _toWake;
        }

        // Outside the lock: each thread woken can preempt us, and with thousands of clients on
        // one core that held the lock, and so every broadcaster and the accept loop, for seconds.
        foreach (var client in clients)
        {
            client.Wake();
        }
    }

    /// <summary>Shutdown: nothing is queued from now on, and held-back senders stop waiting.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        gate.Open();
    }

    /// <returns>False when nothing was queued: the registry stopped, or the sender closed while held back.</returns>
    private bool WhenNoneHoldsBack(IClientSession sender, WakeBatch batch, Func<List<IClientSession>?> enqueue)
    {
        long heldSince = 0;
        while (true)
        {
            var seen = gate.Generation;
            List<IClientSession>? slow = null;
            var queued = false;
            lock (_lock)
            {
                if (_stopped)
                {
                    return false;
                }

                if (!gate.AnyBehind || !AnyHoldsBack())
                {
                    slow = enqueue();
                    queued = true;
                }
            }

            if (queued)
            {
                batch.Include(this);
                if (heldSince != 0)
                {
                    metrics.SenderHeldBack(Stopwatch.GetElapsedTime(heldSince));
                }

                CloseSlowReaders(slow);
                return true;
            }

            if (sender.IsClosing)
            {
                return false;
            }

            if (heldSince == 0)
            {
                heldSince = Stopwatch.GetTimestamp();
            }

            // The readers we wait for must be awake to catch up, whoever queued their frames.
            batch.Include(this);
            batch.Complete();
            gate.Wait(seen, RecheckEvery);
        }
    }

    private bool AnyHoldsBack()
    {
        foreach (var client in _clients)
        {
            if (client.HoldsBackSenders)
            {
                return true;
            }
        }

        return false;
    }

    private List<IClientSession>? EnqueueToAll(byte[] frame)
    {
        _queuedSinceWake = true;
        metrics.Delivered(_clients.Count);
        List<IClientSession>? slow = null;
        foreach (var client in _clients)
        {
            if (!client.Offer(frame))
            {
                (slow ??= []).Add(client);
            }
        }

        return slow;
    }

    // Outside the lock: closing announces the leave, which queues again.
    private static void CloseSlowReaders(List<IClientSession>? slow)
    {
        foreach (var client in slow ?? [])
        {
            client.Close(CloseReason.SlowReader);
        }
    }
}
