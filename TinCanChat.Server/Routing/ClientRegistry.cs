using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>
/// The connected clients. Every broadcast enqueues to every outbox under one lock, which
/// gives all clients the same global order; no socket I/O and no waking happens under it.
/// </summary>
internal sealed class ClientRegistry
{
    private readonly Lock _lock = new();
    private readonly List<IClientSession> _clients = [];

    // Who to wake, copied from _clients when it changed since the last flush.
    private IClientSession[] _toWake = [];
    private bool _toWakeStale;

    // Whether anything was queued since the last flush. Without it, the accept loop's flush per
    // burst of silent arrivals (above the announce limit) woke every idle send thread for nothing:
    // at 10 000 clients, millions of wake-ups that slowed admission to a few hundred a second.
    private bool _queuedSinceFlush;

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
    /// count, unless that builder returns null. Like <see cref="Broadcast"/>, it wakes no one:
    /// the accept loop flushes once per burst of arrivals (see <see cref="FlushAll"/>).
    /// </summary>
    public void Add(IClientSession session, Func<int, byte[]?> notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        List<IClientSession>? slow = null;
        lock (_lock)
        {
            _clients.Add(session);
            _toWakeStale = true;
            if (notice(_clients.Count) is { } frame)
            {
                slow = EnqueueToAll(frame);
            }
        }

        CloseSlowReaders(slow);
    }

    /// <summary>Removes the client; if it was there and the notice builder gives a frame, the others get it.</summary>
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
            if (notice?.Invoke(_clients.Count) is not { } frame)
            {
                return;
            }

            slow = EnqueueToAll(frame);
        }

        FlushAll();
        CloseSlowReaders(slow);
    }

    /// <summary>
    /// Queues one shared frame for every client, without waking their send threads (see
    /// <see cref="FlushAll"/>); a client whose outbox is full is disconnected.
    /// </summary>
    public void Broadcast(byte[] frame)
    {
        List<IClientSession>? slow;
        lock (_lock)
        {
            slow = EnqueueToAll(frame);
        }

        CloseSlowReaders(slow);
    }

    /// <summary>Wakes every send thread for what was queued since the last flush, if anything was.</summary>
    public void FlushAll()
    {
        IClientSession[] clients;
        lock (_lock)
        {
            if (!_queuedSinceFlush)
            {
                return;
            }

            _queuedSinceFlush = false;
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
            client.Flush();
        }
    }

    private List<IClientSession>? EnqueueToAll(byte[] frame)
    {
        _queuedSinceFlush = true;
        List<IClientSession>? slow = null;
        foreach (var client in _clients)
        {
            if (!client.TryEnqueue(frame))
            {
                (slow ??= []).Add(client);
            }
        }

        return slow;
    }

    // Outside the lock: closing announces the leave, which broadcasts again.
    private static void CloseSlowReaders(List<IClientSession>? slow)
    {
        foreach (var client in slow ?? [])
        {
            client.Close(CloseReason.SlowReader);
        }
    }
}
