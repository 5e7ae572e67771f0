using System.Net.Sockets;
using TinCanChat.Common.Transport;

namespace TinCanChat.Client;

/// <summary>Opens the connection to a server, turning failures into one sentence for the user.</summary>
internal static class ServerConnector
{
    // Any server's longest line, with room to spare; only a guard against unbounded memory.
    public const int MaxMessageBytes = 17 * 1024 * 1024;

    /// <param name="tls">Null for plain TCP.</param>
    /// <exception cref="ConnectFailedException">The server cannot be reached, or its TLS certificate does not pass; the message says why.</exception>
    public static IMessageConnection Connect(string host, int port, ClientTls? tls = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(host, port);
            SocketConnection.Tune(socket);
            var connection = SocketConnection.Wrap(socket, MaxMessageBytes, tls is null ? null : stream => tls.Handshake(stream, host, port));
            connection.Open();
            return connection;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ConnectFailedException(Describe(ex, host, port), ex);
        }
        catch (ConnectFailedException)
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Describe(SocketException ex, string host, int port) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"Cannot connect to {host} port {port}: connection refused (is the server running?).",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"Cannot connect: unknown host '{host}'.",
        SocketError.TimedOut => $"Cannot connect to {host} port {port}: timed out.",
        _ => $"Cannot connect to {host} port {port}: {ex.Message}.",
    };
}
