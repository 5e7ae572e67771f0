using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>Frames over any <see cref="Stream"/>: a socket's, a TLS one, or an in-memory one in tests.</summary>
public sealed class StreamMessageConnection : IMessageConnection
{
    // Small, because a server holds one per client; a read still carries many frames.
    public const int DefaultReadBufferBytes = 4096;

    // A plain socket's read buffer is borrowed only once data is there to read, so thousands
    // of idle clients hold none. Not ArrayPool.Shared: it keeps arrays per thread, and every
    // client has its own receive thread.
    private static readonly ArrayPool<byte> ReadPool = ArrayPool<byte>.Create(DefaultReadBufferBytes, maxArraysPerBucket: 256);

    private readonly Action _shutdownSend;
    private readonly Func<Stream, Stream>? _open;
    private volatile Stream _stream;
    private readonly FrameDecoder _decoder;
    private readonly int _readBufferBytes;

    // Made on the first read that cannot borrow from ReadPool (see ReadsBorrow).
    private byte[]? _readBuffer;
    private readonly List<DecodedFrame> _decoded = [];
    private readonly Socket? _socket;
    private bool _spotTls;

    /// <param name="shutdownSend">Half-closes the transport; by default the stream is disposed.</param>
    /// <param name="open">The setup <see cref="Open"/> runs: wraps the stream in the one to use (TLS).</param>
    /// <param name="spotTls">A server in plain text: a peer whose first bytes are a TLS handshake gets one <see cref="FrameStatus.TlsHandshake"/> frame instead of its hello cut into lines.</param>
    /// <param name="socket">The socket under the stream, if any: what <see cref="WaitForData"/> watches.</param>
    public StreamMessageConnection(
        Stream stream,
        int maxMessageBytes = WireFormat.DefaultMaxMessageBytes,
        Action? shutdownSend = null,
        int readBufferBytes = DefaultReadBufferBytes,
        Func<Stream, Stream>? open = null,
        bool spotTls = false,
        Socket? socket = null)
    {
        _socket = socket;
        _spotTls = spotTls;
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _open = open;
        _shutdownSend = shutdownSend ?? stream.Dispose;
        _decoder = new FrameDecoder(maxMessageBytes);
        _readBufferBytes = readBufferBytes;
    }

    public bool EndedMidFrame { get; private set; }

    public void Open()
    {
        if (_open is not null)
        {
            _stream = _open(_stream);
        }
    }

    // The socket's, so bytes TLS already read into its buffer are not seen: then the wait is spent.
    public bool WaitForData(TimeSpan patience)
    {
        try
        {
            return _socket?.Poll(patience, SelectMode.SelectRead) ?? true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    public IReadOnlyList<DecodedFrame>? ReceiveFrames()
    {
        _decoded.Clear();
        while (_decoded.Count == 0)
        {
            var borrowed = ReadsBorrow;
            var buffer = borrowed ? BorrowOnceReadable() : _readBuffer ??= new byte[_readBufferBytes];
            try
            {
                var read = _stream.Read(buffer, 0, _readBufferBytes);
                if (read == 0)
                {
                    EndedMidFrame = _decoder.HasPartialFrame;
                    return null;
                }

                if (_spotTls)
                {
                    _spotTls = false;
                    if (buffer[0] == WireFormat.TlsHandshakeRecord)
                    {
                        _decoded.Add(DecodedFrame.TlsHandshake);
                        return _decoded;
                    }
                }

                // The decoder copies what it keeps (an unfinished frame), so the buffer can go back.
                _decoder.Decode(buffer.AsSpan(0, read), _decoded);
            }
            finally
            {
                if (borrowed)
                {
                    ReadPool.Return(buffer);
                }
            }
        }

        return _decoded;
    }

    // The stream is the socket's own (not TLS over it): what the socket shows is all there is,
    // and a write to the socket is a write to the stream.
    private bool IsPlainSocket => _socket is not null && _stream is NetworkStream;

    // A plain socket's reads wait without a buffer, then borrow one; a stream that may hold
    // bytes the socket no longer shows (TLS) reads into its own.
    private bool ReadsBorrow => IsPlainSocket && _readBufferBytes <= DefaultReadBufferBytes;

    // Waits without a buffer; the read after it finds the data, the end, or the error. Closing
    // the socket wakes the wait as it wakes a blocked read (.NET shuts a socket down when another
    // thread is still inside a call on it).
    private byte[] BorrowOnceReadable()
    {
        WaitForData(Timeout.InfiniteTimeSpan);
        return ReadPool.Rent(_readBufferBytes);
    }

    public bool CanSendWithoutWaiting => IsPlainSocket && NonBlockingSend.IsSupported;

    public int SendWithoutWaiting(ReadOnlySpan<byte> frames) =>
        CanSendWithoutWaiting ? NonBlockingSend.Send(_socket!, frames) : -1;

    public void Send(ReadOnlySpan<byte> frames)
    {
        _stream.Write(frames);
        _stream.Flush();
    }

    /// <summary>For TLS, close_notify goes out first (if the session is in a state to send one), then the TCP half-close.</summary>
    public void ShutdownSend()
    {
        if (_stream is SslStream tls)
        {
            try
            {
                tls.ShutdownAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or System.Security.Authentication.AuthenticationException or InvalidOperationException)
            {
                // Mid-renegotiation or broken: no close_notify, the half-close says it all the same.
            }
        }

        _shutdownSend();
    }

    public void Dispose() => _stream.Dispose();
}
