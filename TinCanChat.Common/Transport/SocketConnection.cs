using System.Net;
using System.Net.Sockets;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>Socket plumbing shared by the server and the client.</summary>
public static class SocketConnection
{
    /// <summary>Wraps a connected socket; disposing the connection closes the socket.</summary>
    /// <param name="open">A setup step run by <see cref="IMessageConnection.Open"/>, such as a TLS handshake.</param>
    /// <param name="spotTls">A plain-text server's connection: a peer that starts a TLS handshake is recognised as such.</param>
    public static StreamMessageConnection Wrap(Socket socket, int maxMessageBytes = WireFormat.DefaultMaxMessageBytes, Func<Stream, Stream>? open = null, bool spotTls = false)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return new StreamMessageConnection(
            new NetworkStream(socket, ownsSocket: true),
            maxMessageBytes,
            () => ShutdownQuietly(socket, SocketShutdown.Send),
            open: open,
            spotTls: spotTls,
            socket: socket);
    }

    /// <summary>Chat lines go out at once, and half-open peers are found within minutes.</summary>
    public static void Tune(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 60);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }

    /// <summary>The peer as users see it: <c>127.0.0.1:51234</c> or <c>[::1]:51234</c>.</summary>
    public static string Label(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString(),
        null => "unknown",
        _ => endPoint.ToString() ?? "unknown",
    };

    public static void ShutdownQuietly(Socket socket, SocketShutdown how)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            socket.Shutdown(how);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: there is nothing left to shut down.
        }
    }
}
