using System.Buffers;
using System.Net.WebSockets;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>
/// A server's chat lines over a WebSocket (SPEC §13): one text message is one line, the same
/// text the framing carries, so the bytes of each message and a terminator go through the same
/// <see cref="FrameDecoder"/> as a TCP stream's (its size limit, its UTF-8 check). Blocking, for
/// the session's own threads, like the stream connection: each call waits on the socket's task.
/// </summary>
public sealed class WebSocketMessageConnection : IMessageConnection
{
    private static readonly byte[] Terminator = [WireFormat.Terminator];

    // Not ArrayPool.Shared: it caches a buffer per thread, and there are thousands of send threads.
    // A send thread's batch is at most 64 KiB of lines; their frame headers make it up to 1.5 times that.
    private static readonly ArrayPool<byte> SendPool = ArrayPool<byte>.Create(128 * 1024, maxArraysPerBucket: 64);

    private readonly WebSocket _socket;
    private readonly SharedWriteStream _stream;
    private readonly FrameDecoder _decoder;
    private readonly byte[] _readBuffer;
    private readonly List<DecodedFrame> _decoded = [];

    // A receive begun by WaitForData, or by ReceiveFrames looking whether more had come: the
    // next ReceiveFrames takes its result instead of starting another.
    private Task<ValueWebSocketReceiveResult>? _pending;

    /// <param name="stream">The stream under <paramref name="socket"/>: a batch of lines goes to it as text frames in one write.</param>
    public WebSocketMessageConnection(WebSocket socket, SharedWriteStream stream, int maxMessageBytes = WireFormat.DefaultMaxMessageBytes, int readBufferBytes = StreamMessageConnection.DefaultReadBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(stream);
        _socket = socket;
        _stream = stream;
        _decoder = new FrameDecoder(maxMessageBytes);
        _readBuffer = new byte[readBufferBytes];
    }

    public bool EndedMidFrame { get; private set; }

    /// <summary>The HTTP upgrade was the setup: nothing left to do.</summary>
    public void Open()
    {
    }

    public bool WaitForData(TimeSpan patience)
    {
        try
        {
            _pending ??= _socket.ReceiveAsync(_readBuffer.AsMemory(), CancellationToken.None).AsTask();
            return _pending.Wait(patience);
        }
        catch (Exception ex) when (ex is AggregateException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Every message that has fully arrived, at least one; null once the peer closed.</summary>
    public IReadOnlyList<DecodedFrame>? ReceiveFrames()
    {
        _decoded.Clear();
        while (true)
        {
            var result = Receive(wait: _decoded.Count == 0);
            if (result is not { } received)
            {
                return _decoded;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                EndedMidFrame = _decoder.HasPartialFrame;
                return _decoded.Count > 0 ? _decoded : null;
            }

            _decoder.Decode(_readBuffer.AsSpan(0, received.Count), _decoded);
            if (received.EndOfMessage)
            {
                _decoder.Decode(Terminator, _decoded);
            }
        }
    }

    // The next piece of a message; when not told to wait, only one that has already come (else
    // null, and the receive stays pending for the next call).
    private ValueWebSocketReceiveResult? Receive(bool wait)
    {
        try
        {
            if (_pending is null)
            {
                var next = _socket.ReceiveAsync(_readBuffer.AsMemory(), CancellationToken.None);
                if (next.IsCompleted)
                {
                    return next.Result;
                }

                _pending = next.AsTask();
            }

            if (!wait && !_pending.IsCompleted)
            {
                return null;
            }

            var pending = _pending;
            _pending = null;
            return pending.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            throw new IOException($"WebSocket receive failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Each terminated frame goes out as one text message, all of them in one write: the socket's
    /// own send writes and flushes each message apart, which for a fan-out is a send per line
    /// (measured in BENCHMARKS.md, "WebSocket beside TCP").
    /// </summary>
    public void Send(ReadOnlySpan<byte> frames)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new IOException($"WebSocket send failed: the socket is {_socket.State}");
        }

        var encoded = SendPool.Rent(WebSocketTextFrames.EncodedLength(frames));
        try
        {
            _stream.WriteBatch(encoded.AsMemory(0, WebSocketTextFrames.Encode(frames, encoded)));
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            throw new IOException($"WebSocket send failed: {ex.Message}", ex);
        }
        finally
        {
            SendPool.Return(encoded);
        }
    }

    /// <summary>A close frame after what was sent; the peer's close ends the receiving.</summary>
    public void ShutdownSend()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Broken already: there is no one to tell.
        }
    }

    public void Dispose() => _socket.Abort();
}
