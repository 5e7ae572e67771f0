using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A client that speaks only the framing, as a test's raw socket: its own thread collects every
/// message so a test can wait for one with a deadline.
/// </summary>
internal sealed class RawClient : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly BlockingCollection<string> _received = [];
    private readonly Stream _stream;
    private Thread? _reader;

    private RawClient(Socket socket, bool read, Stream? stream = null)
    {
        Socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: false);
        Label = SocketConnection.Label(socket.LocalEndPoint);
        if (read)
        {
            StartReading();
        }
    }

    public Socket Socket { get; }

    /// <summary>How the server labels this client.</summary>
    public string Label { get; }

    /// <summary>Set once the server closed or reset the connection.</summary>
    public bool IsClosed => _received.IsAddingCompleted;

    /// <param name="read">False for a client that never reads (with a tiny receive buffer).</param>
    public static RawClient Connect(int port, bool read = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (!read)
        {
            socket.ReceiveBufferSize = 1024;
        }

        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return new RawClient(socket, read);
    }

    /// <summary>Starts collecting messages, for a client connected with read: false.</summary>
    public void StartReading()
    {
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"test reader {Label}" };
        _reader.Start();
    }

    public void Send(string text) => SendBytes(FrameEncoder.Encode(text));

    /// <summary>A client that speaks TLS first, trusting only <paramref name="trusted"/> (a CA or the server's own certificate).</summary>
    public static RawClient ConnectTls(int port, X509Certificate2 trusted, string host = "localhost")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(trusted);
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = host, CertificateChainPolicy = policy });
        return new RawClient(socket, read: true, tls);
    }

    public void SendBytes(byte[] bytes)
    {
        if (_stream is SslStream tls)
        {
            tls.Write(bytes);
            tls.Flush();
        }
        else
        {
            Socket.Send(bytes);
        }
    }

    /// <summary>The next message, or a test failure when none arrives in time (<see cref="Patience"/> unless told).</summary>
    public string Next(TimeSpan? patience = null)
    {
        var wait = patience ?? Patience;
        if (!_received.TryTake(out var message, wait))
        {
            Assert.Fail(IsClosed ? $"{Label}: connection closed while waiting for a message" : $"{Label}: no message within {wait}");
        }

        return message!;
    }

    /// <summary>Skips messages until one matches; fails the test if none does in time (each message within <paramref name="patience"/>).</summary>
    public string NextMatching(Func<string, bool> match, TimeSpan? patience = null)
    {
        while (true)
        {
            var message = Next(patience);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Reads until this client has seen <paramref name="other"/> join.</summary>
    public void WaitForJoinOf(RawClient other)
    {
        ArgumentNullException.ThrowIfNull(other);
        NextMatching(line => line.StartsWith($"* {other.Label} joined", StringComparison.Ordinal));
    }

    /// <summary>The next <paramref name="count"/> chat lines; the server's "* " lines go to <paramref name="notices"/>.</summary>
    public List<string> NextChat(int count, List<string>? notices = null)
    {
        var lines = new List<string>(count);
        while (lines.Count < count)
        {
            var line = Next();
            if (line.StartsWith("* ", StringComparison.Ordinal))
            {
                notices?.Add(line);
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>Every message up to the server's close; fails the test if it does not close in time.</summary>
    public List<string> ReadToClose()
    {
        Assert.That(_reader!.Join(Patience), Is.True, $"{Label}: the server did not close the connection");
        return [.. _received];
    }

    /// <summary>Ends abruptly: a reset instead of an orderly close.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    /// <summary>Closes as a well-behaved client does: says it is done, waits for the server to close.</summary>
    public void Dispose()
    {
        if (_reader is not null && !IsClosed)
        {
            SocketConnection.ShutdownQuietly(Socket, SocketShutdown.Send);
            _reader.Join(Patience);
        }

        _stream.Dispose();
        Socket.Dispose();
    }

    private void ReadLoop()
    {
        var decoder = new FrameDecoder(int.MaxValue);
        var frames = new List<DecodedFrame>();
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = _stream.Read(buffer)) > 0)
            {
                frames.Clear();
                decoder.Decode(buffer.AsSpan(0, read), frames);
                foreach (var frame in frames)
                {
                    _received.Add(frame.IsMessage ? frame.Text : $"<{frame.Status}>");
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // Reset or disposed by the test: the connection is over either way.
        }
        finally
        {
            _received.CompleteAdding();
        }
    }
}
