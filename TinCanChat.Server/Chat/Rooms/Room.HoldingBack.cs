using System.Diagnostics;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>Holding senders back while a member that still takes data is behind (see ARCHITECTURE.md, "Flow control").</summary>
internal sealed partial class Room
{
    /// <returns>False when nothing was queued: the registry stopped, or the sender closed while held back.</returns>
    private bool WhenNoneHoldsBack(IClientSession sender, WakeBatch batch, Func<List<IClientSession>?> enqueue, Func<bool>? holdsBack = null)
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

                if (!gate.AnyBehind || !(holdsBack ?? AnyHoldsBack)())
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
}
