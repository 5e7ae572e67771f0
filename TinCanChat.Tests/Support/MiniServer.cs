using System.Net;
using System.Net.Sockets;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A tiny server that speaks only the framing, written the way the original Python servers
/// are: to check our client works with any server, not just ours.
/// </summary>
internal sealed class MiniServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Thread _acceptThread;
    private readonly Func<string, string> _reply;
    private readonly bool _oneMessagePerConnection;
    private readonly string? _greeting;

    /// <param name="reply">What to send back for each message received.</param>
    /// <param name="oneMessagePerConnection">Close after the first reply, like the original echo server.</param>
    /// <param name="greeting">Sent first on every connection, if given.</param>
    public MiniServer(Func<string, string> reply, bool oneMessagePerConnection, string? greeting = null)
    {
        _reply = reply;
        _oneMessagePerConnection = oneMessagePerConnection;
        _greeting = greeting;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "mini server" };
        _acceptThread.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public int Connections { get; private set; }

    public void Dispose()
    {
        _listener.Dispose();
        _acceptThread.Join(RawClient.Patience);
    }

    private void AcceptLoop()
    {
        try
        {
            while (true)
            {
                var socket = _listener.Accept();
                Connections++;
                new Thread(() => Serve(socket)) { IsBackground = true }.Start();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Disposed by the test.
        }
    }

    private void Serve(Socket socket)
    {
        using (socket)
        {
            try
            {
                if (_greeting is not null)
                {
                    socket.Send(FrameEncoder.Encode(_greeting));
                }

                var decoder = new FrameDecoder();
                var frames = new List<DecodedFrame>();
                var buffer = new byte[4096];
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                {
                    frames.Clear();
                    decoder.Decode(buffer.AsSpan(0, read), frames);
                    foreach (var frame in frames)
                    {
                        socket.Send(FrameEncoder.Encode(_reply(frame.Text)));
                        if (_oneMessagePerConnection)
                        {
                            socket.Shutdown(SocketShutdown.Both);
                            return;
                        }
                    }
                }
            }
            catch (SocketException)
            {
                // The client went away.
            }
        }
    }
}
