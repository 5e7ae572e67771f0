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

    public void Send(ReadOnlySpan<byte> frames)
    {
        foreach (var frame in Encoding.UTF8.GetString(frames).Split('\0').SkipLast(1))
        {
            _sent.Enqueue(frame);
        }
    }

    public void ShutdownSend()
    {
        ShutDown = true;
        PeerCloses();
    }

    public void Dispose() => _incoming.Dispose();
}
