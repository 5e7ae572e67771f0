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
