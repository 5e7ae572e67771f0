using System.Buffers;
using TinCanChat.Common.Transport;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// Drains a send thread's outbox with as few writes as possible: frames already waiting are
/// coalesced into one write instead of one syscall per frame, which is what fan-out needs.
/// </summary>
internal static class OutboxWriter
{
    private const int CoalesceBytes = 64 * 1024;

    // Not ArrayPool.Shared: it caches a buffer per thread, and there are thousands of send threads.
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(CoalesceBytes, maxArraysPerBucket: 64);

    /// <summary>Writes <paramref name="first"/> and everything already waiting behind it, until <paramref name="dropRest"/> says to stop.</summary>
    /// <param name="dropRest">The session closed dropping what is queued (a slow reader): its last line should not wait behind megabytes.</param>
    public static void WriteWithWaiting(Outbox outbox, IMessageConnection connection, SendProgress progress, byte[] first, Func<bool> dropRest)
    {
        if (!outbox.TryTake(out var next))
        {
            Send(connection, progress, first);
            return;
        }

        var buffer = Pool.Rent(CoalesceBytes);
        try
        {
            var used = 0;
            byte[]? frame = first;
            while (frame is not null)
            {
                if (used + frame.Length > buffer.Length)
                {
                    Send(connection, progress, buffer.AsSpan(0, used));
                    used = 0;
                }

                if (frame.Length > buffer.Length)
                {
                    Send(connection, progress, frame);
                }
                else
                {
                    frame.CopyTo(buffer, used);
                    used += frame.Length;
                }

                frame = dropRest() ? null : next;
                next = frame is not null && outbox.TryTake(out var more) ? more : null;
            }

            if (used > 0)
            {
                Send(connection, progress, buffer.AsSpan(0, used));
            }
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    /// <summary>
    /// For a producer writing for an idle send thread: the frames waiting, up to one buffer, in
    /// one write that never waits. What the socket did not take (and a frame that did not fit)
    /// comes back as <paramref name="leftover"/>, for the send thread to write before anything
    /// else. True when nothing is left for the send thread.
    /// </summary>
    public static bool WriteWaitingNow(Outbox outbox, IMessageConnection connection, out byte[]? leftover)
    {
        leftover = null;
        var buffer = Pool.Rent(CoalesceBytes);
        try
        {
            var used = 0;
            byte[]? overflow = null;
            while (overflow is null && outbox.TryTake(out var frame))
            {
                if (frame.Length > buffer.Length - used)
                {
                    overflow = frame;
                }
                else
                {
                    frame.CopyTo(buffer, used);
                    used += frame.Length;
                }
            }

            // A failed write (-1) leaves it all to the send thread, whose blocking write reports why.
            var sent = used == 0 ? 0 : Math.Max(0, connection.SendWithoutWaiting(buffer.AsSpan(0, used)));
            if (sent < used || overflow is not null)
            {
                leftover = [.. buffer.AsSpan(sent, used - sent), .. overflow ?? []];
                return false;
            }

            return outbox.Count == 0;
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    /// <summary>One write, timed: the watchdog and the held-back senders read how long it blocks.</summary>
    public static void Send(IMessageConnection connection, SendProgress progress, ReadOnlySpan<byte> frames)
    {
        progress.WriteStarted();
        try
        {
            connection.Send(frames);
        }
        finally
        {
            progress.WriteEnded();
        }
    }
}
