using System.Net;
using System.Net.Sockets;

namespace TinCanChat.Bench;

/// <summary>Called for each complete frame (terminator excluded); the span is only valid during the call.</summary>
internal delegate void FrameHandler(ReadOnlySpan<byte> frame);

/// <summary>
/// One simulated client: an async socket (no thread of its own) that reads in large buffers
/// and splits many frames per read; or, with <c>--transport ws</c>, a WebSocket
/// (<see cref="WebSocketLoadClient"/>), whose messages are the frames; or, with
/// <c>--protocol irc</c>, an IRC user (<see cref="IrcLoadClient"/>), whose lines are the frames.
/// </summary>
internal class LoadClient(Socket socket, Stream stream) : IDisposable
{
    public bool Closed { get; protected set; }

    /// <summary>How the server labels this client: its address and port as the server sees them.</summary>
    public string Label => socket.LocalEndPoint is IPEndPoint local
        ? new IPEndPoint(local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address, local.Port).ToString()
        : "?";

    /// <param name="receiveBufferBytes">A small buffer makes a client that never reads fill up quickly.</param>
    /// <param name="tls">Speak TLS first, as the server the tool started with a certificate expects.</param>
    public static async Task<LoadClient> ConnectAsync(string host, int port, CancellationToken cancel, int? receiveBufferBytes = null, BenchTls? tls = null)
    {
        var socket = NewSocket(receiveBufferBytes);
        try
        {
            await socket.ConnectAsync(host, port, cancel);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                stream = await tls.HandshakeAsync(stream, cancel);
            }

            return new LoadClient(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the server under test as its transport says: TCP (or TLS), its WebSocket, or IRC.</summary>
    public static Task<LoadClient> ConnectAsync(ServerUnderTest server, int index, CancellationToken cancel, int? receiveBufferBytes = null) =>
        server.WebPort is { } webPort ? WebSocketLoadClient.ConnectAsync(server.Host, webPort, receiveBufferBytes, cancel)
        : server.Irc ? IrcLoadClient.ConnectAsync(server.Host, server.PortFor(index), index, receiveBufferBytes, cancel)
        : ConnectAsync(server.Host, server.PortFor(index), cancel, receiveBufferBytes, server.Tls);

    protected static Socket NewSocket(int? receiveBufferBytes)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } bytes)
        {
            socket.ReceiveBufferSize = bytes;
        }

        return socket;
    }

    /// <summary>The byte that ends a frame on the wire.</summary>
    protected virtual byte Terminator => 0;

    /// <summary>Sends already encoded frames.</summary>
    public virtual async Task SendAsync(ReadOnlyMemory<byte> frames) => await stream.WriteAsync(frames);

    /// <summary>Reads until the server closes; every complete frame goes to <paramref name="onFrame"/>.</summary>
    public virtual async Task ReceiveAsync(FrameHandler onFrame, int bufferBytes)
    {
        var buffer = new byte[bufferBytes];
        var carried = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(carried));
                if (read == 0)
                {
                    break;
                }

                carried = Split(buffer, carried + read, onFrame, Terminator);
                if (carried == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // Reset or closed by us: the connection is over either way.
        }

        Closed = true;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        stream.Dispose();
        socket.Dispose();
    }

    // Hands out every complete frame and moves the unfinished tail to the front.
    private static int Split(byte[] buffer, int length, FrameHandler onFrame, byte terminator)
    {
        var start = 0;
        int end;
        while ((end = Array.IndexOf(buffer, terminator, start, length - start)) >= 0)
        {
            onFrame(buffer.AsSpan(start, end - start));
            start = end + 1;
        }

        Buffer.BlockCopy(buffer, start, buffer, 0, length - start);
        return length - start;
    }
}
