using System.Net.Security;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>Frames over any <see cref="Stream"/>: a socket's, a TLS one, or an in-memory one in tests.</summary>
public sealed class StreamMessageConnection : IMessageConnection
{
    // Small, because a server holds one per client; a read still carries many frames.
    public const int DefaultReadBufferBytes = 4096;

    private readonly Action _shutdownSend;
    private readonly Func<Stream, Stream>? _open;
    private volatile Stream _stream;
    private readonly FrameDecoder _decoder;
    private readonly byte[] _readBuffer;
    private readonly List<DecodedFrame> _decoded = [];
    private readonly System.Net.Sockets.Socket? _socket;
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
        System.Net.Sockets.Socket? socket = null)
    {
        _socket = socket;
        _spotTls = spotTls;
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _open = open;
        _shutdownSend = shutdownSend ?? stream.Dispose;
        _decoder = new FrameDecoder(maxMessageBytes);
        _readBuffer = new byte[readBufferBytes];
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
            return _socket?.Poll(patience, System.Net.Sockets.SelectMode.SelectRead) ?? true;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    public IReadOnlyList<DecodedFrame>? ReceiveFrames()
    {
        _decoded.Clear();
        while (_decoded.Count == 0)
        {
            var read = _stream.Read(_readBuffer);
            if (read == 0)
            {
                EndedMidFrame = _decoder.HasPartialFrame;
                return null;
            }

            if (_spotTls)
            {
                _spotTls = false;
                if (_readBuffer[0] == WireFormat.TlsHandshakeRecord)
                {
                    _decoded.Add(DecodedFrame.TlsHandshake);
                    return _decoded;
                }
            }

            _decoder.Decode(_readBuffer.AsSpan(0, read), _decoded);
        }

        return _decoded;
    }

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
