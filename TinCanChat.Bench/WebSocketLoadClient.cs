using System.Net.Sockets;
using System.Net.WebSockets;

namespace TinCanChat.Bench;

/// <summary>
/// A load client over the server's WebSocket (<c>--transport ws</c>, SPEC §13): each text
/// message is one frame. The socket is opened here (so the client knows its own address, which
/// is how the server labels it); the upgrade is .NET's <see cref="ClientWebSocket"/>.
/// </summary>
internal sealed class WebSocketLoadClient : LoadClient
{
    private readonly ClientWebSocket _webSocket;
    private readonly HttpMessageInvoker _invoker;

    private WebSocketLoadClient(Socket socket, ClientWebSocket webSocket, HttpMessageInvoker invoker)
        : base(socket, Stream.Null)
    {
        _webSocket = webSocket;
        _invoker = invoker;
    }

    public static async Task<LoadClient> ConnectAsync(string host, int webPort, int? receiveBufferBytes, CancellationToken cancel)
    {
        var socket = NewSocket(receiveBufferBytes);
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: false);
            },
        });
        var webSocket = new ClientWebSocket();
        try
        {
            await webSocket.ConnectAsync(new Uri($"ws://{host}:{webPort}/chat"), invoker, cancel);
            return new WebSocketLoadClient(socket, webSocket, invoker);
        }
        catch
        {
            webSocket.Dispose();
            invoker.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Each frame of <paramref name="frames"/> (terminated by 0x00) as one text message.</summary>
    public override async Task SendAsync(ReadOnlyMemory<byte> frames)
    {
        while (!frames.IsEmpty)
        {
            var end = frames.Span.IndexOf((byte)0);
            var message = end < 0 ? frames : frames[..end];
            await _webSocket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            frames = end < 0 ? ReadOnlyMemory<byte>.Empty : frames[(end + 1)..];
        }
    }

    public override async Task ReceiveAsync(FrameHandler onFrame, int bufferBytes)
    {
        var buffer = new byte[bufferBytes];
        var used = 0;
        try
        {
            while (true)
            {
                var received = await _webSocket.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                used += received.Count;
                if (received.EndOfMessage)
                {
                    onFrame(buffer.AsSpan(0, used));
                    used = 0;
                }
                else if (used == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset or closed by us: the connection is over either way.
        }

        Closed = true;
    }

    protected override void Dispose(bool disposing)
    {
        _webSocket.Abort();
        _webSocket.Dispose();
        _invoker.Dispose();
        base.Dispose(disposing);
    }
}
