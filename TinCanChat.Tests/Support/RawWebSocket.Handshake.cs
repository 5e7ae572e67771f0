using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace TinCanChat.Tests.Support;

/// <summary>The HTTP upgrade that opens the WebSocket, with the <c>Origin</c> a test chooses.</summary>
internal sealed partial class RawWebSocket
{
    /// <summary>Upgrades to a WebSocket on <c>/chat</c>, or fails the test.</summary>
    /// <param name="origin">The page it claims to come from; null sends no <c>Origin</c>.</param>
    /// <param name="read">False for a client that never reads (with a tiny receive buffer).</param>
    public static RawWebSocket Connect(int port, string? origin = "same", bool read = true)
    {
        var (status, client) = Upgrade(port, origin, read);
        Assert.That(status, Is.EqualTo(101), "the server should switch to the WebSocket protocol");
        return client!;
    }

    /// <summary>The HTTP status of the upgrade request, and the client when it was 101.</summary>
    public static (int Status, RawWebSocket? Client) Upgrade(int port, string? origin, bool read = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (!read)
        {
            socket.ReceiveBufferSize = 1024;
        }

        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var client = new RawWebSocket(socket);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var originHeader = origin switch
        {
            null => string.Empty,
            "same" => $"Origin: http://127.0.0.1:{port}\r\n",
            _ => $"Origin: {origin}\r\n",
        };
        client._stream.Write(Encoding.ASCII.GetBytes(
            $"GET /chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{originHeader}\r\n"));
        var head = client.ReadHead();
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        if (status != 101)
        {
            client.Dispose();
            return (status, null);
        }

#pragma warning disable CA5350 // RFC 6455 names SHA-1 for the handshake's check; nothing is secured by it.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        Assert.That(head, Does.Contain($"Sec-WebSocket-Accept: {accept}"));
        if (read)
        {
            client.StartReading();
        }

        return (status, client);
    }

    private string ReadHead()
    {
        var head = new List<byte>();
        while (head.Count < 4 || !head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            var next = _stream.ReadByte();
            if (next < 0)
            {
                break;
            }

            head.Add((byte)next);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }
}
