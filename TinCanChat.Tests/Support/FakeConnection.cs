using System.Collections.Concurrent;
using System.Text;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Tests.Support;

/// <summary>
/// An in-memory connection whose peer is the test: frames to receive are queued by the test,
/// frames sent are recorded as text, and the peer closes once the client shuts down sending
/// (a ReadOnlySpan parameter rules out a Moq mock here).
/// </summary>
internal sealed class FakeConnection : IMessageConnection
{
    private readonly BlockingCollection<DecodedFrame> _incoming = [];
    private readonly ConcurrentQueue<string> _sent = new();
    private readonly List<byte> _unfinished = [];
    private int _sentWithoutWaiting;

    public IReadOnlyList<string> Sent => [.. _sent];

    public bool ShutDown { get; private set; }

    public bool EndedMidFrame => false;

    public void Open()
    {
    }

    /// <summary>Queues a frame for the client to receive.</summary>
    public void Deliver(DecodedFrame frame) => _incoming.Add(frame);

    /// <summary>The peer closes its side: the client's receive ends.</summary>
    public void PeerCloses() => _incoming.CompleteAdding();

    public bool WaitForData(TimeSpan patience) => true;

    public IReadOnlyList<DecodedFrame>? ReceiveFrames() => _incoming.TryTake(out var frame, Timeout.Infinite) ? [frame] : null;

    /// <summary>Bytes <see cref="SendWithoutWaiting"/> takes in all (null: it cannot, as over TLS); past them it takes none.</summary>
    public int? TakesWithoutWaiting { get; set; }

    /// <summary>Bytes written by <see cref="SendWithoutWaiting"/> so far.</summary>
    public int SentWithoutWaiting => Volatile.Read(ref _sentWithoutWaiting);

    public bool CanSendWithoutWaiting => TakesWithoutWaiting is not null;

    public int SendWithoutWaiting(ReadOnlySpan<byte> frames)
    {
        var taken = Math.Min(frames.Length, (TakesWithoutWaiting ?? 0) - SentWithoutWaiting);
        Send(frames[..taken]);
        Interlocked.Add(ref _sentWithoutWaiting, taken);
        return taken;
    }

    public void Send(ReadOnlySpan<byte> frames)
    {
        // Bytes, not frames: a write without waiting may end inside a frame that a later write completes.
        lock (_unfinished)
        {
            foreach (var b in frames)
            {
                if (b == 0)
                {
                    _sent.Enqueue(Encoding.UTF8.GetString([.. _unfinished]));
                    _unfinished.Clear();
                }
                else
                {
                    _unfinished.Add(b);
                }
            }
        }
    }

    public void ShutdownSend()
    {
        ShutDown = true;
        PeerCloses();
    }

    public void Dispose() => _incoming.Dispose();
}
