using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Serilog;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server;

/// <summary>
/// Listens, accepts on its own thread, and gives every accepted client a <see cref="ClientSession"/>.
/// What a message does is up to the router (chat or echo).
/// </summary>
internal sealed class ChatServer : IDisposable
{
    // Deep enough for a burst of thousands of paced connects (the kernel caps it at somaxconn).
    private const int ListenBacklog = 4096;

    // During a long burst of arrivals, the notices queued so far still go out this often.
    private const int FlushEveryArrivals = 64;

    private static readonly byte[] FullFrame = FrameEncoder.Encode(ServerNotices.Full);
    private static readonly byte[] ShuttingDownFrame = FrameEncoder.Encode(ServerNotices.ShuttingDown);

    private readonly ServerOptions _options;
    private readonly IMessageRouter _router;
    private readonly ILogger _log;
    private readonly ILogger _sessionLog;
    private readonly ConcurrentDictionary<ClientSession, byte> _sessions = new();
    private readonly Socket _listener;
    private readonly Thread _acceptThread;
    private volatile bool _stopping;

    /// <exception cref="SocketException">The address cannot be bound, e.g. the port is in use.</exception>
    public ChatServer(ServerOptions options, IMessageRouter router, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _router = router;
        _log = log;
        _sessionLog = log.ForContext<ClientSession>();
        _listener = Bind(options);
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "accept" };
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The address users should see: 0.0.0.0 when listening on every interface.</summary>
    public string ListeningOn => _listener.DualMode
        ? new IPEndPoint(IPAddress.Any, LocalEndPoint.Port).ToString()
        : LocalEndPoint.ToString();

    /// <summary>Clients whose session has not finished yet.</summary>
    public int SessionCount => _sessions.Count;

    public void Start() => _acceptThread.Start();

    /// <summary>
    /// Stops accepting, tells everyone the server is going, lets outboxes drain within the
    /// close deadline and waits for every client thread to end.
    /// </summary>
    public void Stop()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _listener.Dispose();
        _acceptThread.Join();

        var sessions = _sessions.Keys.ToList();
        foreach (var session in sessions)
        {
            session.TryEnqueue(ShuttingDownFrame);
            session.Close(CloseReason.ServerShutdown);
        }

        var deadline = _options.CloseDeadline + TimeSpan.FromSeconds(1);
        var stuck = sessions.Count(session => !session.Join(deadline));
        _log.Information("Server stopped; {Count} clients disconnected, {Stuck} did not finish in time", sessions.Count, stuck);
    }

    public void Dispose() => Stop();

    private static Socket Bind(ServerOptions options)
    {
        var address = options.Host is not null ? ResolveHost(options.Host)
            : Socket.OSSupportsIPv6 ? IPAddress.IPv6Any
            : IPAddress.Any;
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(address, options.Port));
            listener.Listen(ListenBacklog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static IPAddress ResolveHost(string host) =>
        IPAddress.TryParse(host, out var address) ? address : Dns.GetHostAddresses(host)[0];

    private void AcceptLoop()
    {
        ClientSession? unflushed = null;
        var arrivals = 0;
        while (!_stopping)
        {
            Socket socket;
            try
            {
                // Join notices are flushed once per burst of arrivals: waking every client's
                // send thread per arrival made 1 000 clients arriving at once take 22 s to
                // admit. Linux keeps a connection that is reset while queued, so Poll saying
                // one is pending means Accept returns at once (elsewhere, at worst, these
                // notices wait for the next arrival or message).
                if (unflushed is not null && (arrivals >= FlushEveryArrivals || !_listener.Poll(0, SelectMode.SelectRead)))
                {
                    _router.Flush(unflushed);
                    unflushed = null;
                    arrivals = 0;
                }

                socket = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (!_stopping)
                {
                    _log.Error(ex, "Accepting connections failed; the server stops listening");
                }

                return;
            }

            if (Admit(socket) is { } session)
            {
                unflushed = session;
                arrivals++;
            }
        }
    }

    /// <summary>The new client's session, or null when it was refused or already gone.</summary>
    private ClientSession? Admit(Socket socket)
    {
        var label = SocketConnection.Label(socket.RemoteEndPoint);
        if (_sessions.Count >= _options.MaxClients)
        {
            _log.Warning("Refused {Client}: server full ({MaxClients} clients)", label, _options.MaxClients);
            Refuse(socket);
            return null;
        }

        try
        {
            SocketConnection.Tune(socket);
            var session = new ClientSession(
                label,
                SocketConnection.Wrap(socket, _options.MaxMessageBytes),
                _router,
                _options,
                _sessionLog,
                finished => _sessions.TryRemove(finished, out _));
            _sessions[session] = 0;
            _log.Information("Client {Client} connected ({Count} connected)", label, _sessions.Count);
            session.Start();
            return session;
        }
        catch (SocketException ex)
        {
            // Reset before we got to it: nothing to serve.
            _log.Debug(ex, "Client {Client} was gone before its session started", label);
            socket.Dispose();
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
        {
            // Out of threads or memory: refuse this one, keep serving the others.
            _log.Error(ex, "Could not start a session for {Client}", label);
            socket.Dispose();
        }

        return null;
    }

    private static void Refuse(Socket socket)
    {
        try
        {
            socket.Send(FullFrame);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Best effort: the client may already be gone.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
