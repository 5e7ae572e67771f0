using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A loopback TCP proxy to a server whose connections a test can cut all at once, as a network
/// that drops for a moment: the client sees its connection lost while the server runs on.
/// </summary>
internal sealed class CuttableProxy : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly int _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Thread _accepting;

    public CuttableProxy(int target)
    {
        _target = target;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _accepting = new Thread(Accept) { IsBackground = true, Name = "proxy accept" };
        _accepting.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Resets every connection through the proxy; new ones are forwarded as before.</summary>
    public void Cut()
    {
        // Whoever takes a socket out of the set disposes it: a pump may be ending it meanwhile.
        foreach (var socket in _open.Keys.Where(socket => _open.TryRemove(socket, out _)))
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Cut();
        _accepting.Join(RawClient.Patience);
    }

    private void Accept()
    {
        try
        {
            while (true)
            {
                var client = _listener.Accept();
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                server.Connect(new IPEndPoint(IPAddress.Loopback, _target));
                _open[client] = 0;
                _open[server] = 0;
                Pump(client, server);
                Pump(server, client);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }

    private void Pump(Socket from, Socket to) =>
        new Thread(() =>
        {
            var buffer = new byte[16384];
            try
            {
                int read;
                while ((read = from.Receive(buffer)) > 0)
                {
                    to.Send(buffer.AsSpan(0, read));
                }

                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Cut, or the other side went: so does this direction.
                foreach (var socket in (Socket[])[from, to])
                {
                    if (_open.TryRemove(socket, out _))
                    {
                        socket.Dispose();
                    }
                }
            }
        }) { IsBackground = true, Name = "proxy pump" }.Start();
}
