using System.Diagnostics;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>Holding senders back while a member that still takes data is behind (see ARCHITECTURE.md, "Flow control").</summary>
internal sealed partial class Room
{
    /// <summary>
    /// Waits, without queueing anything, while a member that still takes data is behind: a sender
    /// whose line is ordered elsewhere (Redis) is held back before it is sent there.
    /// </summary>
    /// <returns>False: the room stopped, or the sender closed while held back.</returns>
    public bool WaitWhileHeldBack(IClientSession sender, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return WhenNoneHoldsBack(() => sender.IsClosing, batch, () => null);
    }

    /// <param name="giveUp">True when the one held back no longer needs the frame queued.</param>
    /// <param name="whileHeld">Called each time round while held back.</param>
    /// <returns>False when nothing was queued: the room stopped, or <paramref name="giveUp"/> said so while held back.</returns>
    private bool WhenNoneHoldsBack(Func<bool> giveUp, WakeBatch batch, Func<List<IClientSession>?> enqueue, Func<bool>? holdsBack = null, Action? whileHeld = null)
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

            if (giveUp())
            {
                return false;
            }

            whileHeld?.Invoke();

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

    // Every member that holds the room back is told so: each one's time holding it is bounded.
    private bool AnyHoldsBack()
    {
        var any = false;
        foreach (var client in _clients)
        {
            if (client.HoldsBackSenders)
            {
                client.HoldingRoomBack();
                any = true;
            }
        }

        return any;
    }
}
