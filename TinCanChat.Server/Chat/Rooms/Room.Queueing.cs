using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>Queueing to every member under the lock, and waking their send threads outside it (see ARCHITECTURE.md, "Wake-ups").</summary>
internal sealed partial class Room
{
    /// <summary>Wakes every send thread for what was queued since the last wake-up, if anything was.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _uncountedDeliveries, 0) is var delivered and > 0)
        {
            metrics.Delivered(delivered);
        }

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

    /// <param name="line">The frame is this kept line: clients that asked for ids get it with its id.</param>
    private List<IClientSession>? EnqueueToAll(byte[] frame, IClientSession? except = null, LoggedLine? line = null)
    {
        _queuedSinceWake = true;
        Interlocked.Add(ref _uncountedDeliveries, _clients.Count);
        List<IClientSession>? slow = null;
        byte[]? withId = null;
        if (line is not null)
        {
            _lastLineId = Math.Max(_lastLineId, line.Id);
        }

        foreach (var client in _clients)
        {
            var own = line is not null && client.WantsIds ? withId ??= line.WithId(Key) : frame;
            if (client != except && !client.Offer(own))
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
