using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Serilog;
using TinCanChat.Server.Admission;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Security;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store.InProcess;
using TinCanChat.Server.Store.Redis;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// Listens, accepts on its own thread, and gives every admitted client a <see cref="ClientSession"/>.
/// The one place that wires a server together (Program and the tests both use it); what a
/// message does is up to the router of the mode (chat or echo).
/// </summary>
internal sealed partial class ServerHost : IDisposable
{
    // Deep enough for a burst of thousands of paced connects (the kernel caps it at somaxconn).
    private const int ListenBacklog = 4096;

    // A fixed kernel send buffer (Linux doubles it) instead of one that autotunes up to 4 MiB:
    // a client that stops reading then blocks our writes within seconds, which is how the
    // watchdog finds it, instead of soaking up minutes of chat in the kernel. Still above the
    // send thread's 64 KiB writes.
    private const int SendBufferBytes = 64 * 1024;

    private volatile ServerOptions _options;
    private readonly IMessageRouter _router;
    private readonly ILogger _log;
    private readonly ServerMetrics _metrics;
    private readonly SessionServices _services;
    private readonly AdmissionControl _admission;
    private readonly RefusalLog _refusals = new();
    private readonly Action<Thread> _startThread;
    private readonly TimeProvider _time;
    // Replaced by a reload; each connection takes the one of the moment it is accepted.
    private volatile ServerTls? _tls;
    private readonly ConcurrentDictionary<ClientSession, byte> _sessions = new();
    private readonly SessionWatchdog _watchdog;
    private readonly Socket _listener;
    private readonly Thread _acceptThread;
    private IHistoryStore? _history;
    private int _stopping;

    /// <param name="startThread">Starts a session's thread; a test can make it fail.</param>
    /// <exception cref="SocketException">The address cannot be bound, e.g. the port is in use.</exception>
    /// <exception cref="TlsSetupException">The TLS certificate or key cannot be used.</exception>
    /// <exception cref="ChatNetworkException">The Redis of <c>--redis</c> cannot be reached.</exception>
    /// <exception cref="DataDirectoryException">The <c>--data</c> directory is in use or its file is damaged.</exception>
    /// <param name="time">The clock of rate limits and login waits; a test can hold it still.</param>
    public ServerHost(ServerOptions options, ILogger log, Action<Thread>? startThread = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = log;
        _startThread = startThread ?? (thread => thread.Start());
        _time = time ?? TimeProvider.System;
        _tls = options.TlsCertificate is { } certificate ? ServerTls.Load(certificate, options.TlsKey, options.TlsPassword) : null;
        _admission = new AdmissionControl(options.MaxClients, options.MaxPerAddress, options.Exempt, options.Ipv6Prefix);
        _metrics = new ServerMetrics(() => _admission.Count);
        _metrics.ObserveOutboxes(() => _sessions.Keys.Select(session => session.OutboxDepth).DefaultIfEmpty().Max());
        var gate = new FlowGate();
        _listener = Bind(options);
        try
        {
            _router = CreateRouter(options, gate, log);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        var deferred = new DeferredWakes();
        _services = new SessionServices(_router, options, gate, _metrics, _time, log.ForContext<ClientSession>(), deferred);
        _watchdog = new SessionWatchdog(() => _sessions.Keys, deferred);
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "accept" };
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The address users should see: 0.0.0.0 when listening on every interface.</summary>
    public string ListeningOn => _listener.DualMode
        ? new IPEndPoint(IPAddress.Any, LocalEndPoint.Port).ToString()
        : LocalEndPoint.ToString();

    /// <summary>Clients whose threads have not ended yet.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Clients admitted and not yet leaving.</summary>
    public int ConnectedCount => _admission.Count;

    public void Start()
    {
        // The web listener first: if its port cannot be had, nothing else has started.
        StartWeb();
        _watchdog.Start();
        _acceptThread.Start();
    }

    /// <summary>
    /// Stops accepting, stops routing, tells everyone the server is going as their last line,
    /// lets outboxes drain within the close deadline and waits once, with one overall deadline,
    /// for every client thread to end.
    /// </summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        // No chat after the notice: routing stops before anyone is told; a client joining now is
        // closed at once.
        _listener.Dispose();
        _router.Stop();
        if (!_acceptThread.ThreadState.HasFlag(System.Threading.ThreadState.Unstarted))
        {
            _acceptThread.Join();
        }

        var sessions = _sessions.Keys.ToList();
        foreach (var session in sessions)
        {
            session.Close(CloseReason.ServerShutdown);
        }

        var deadline = Stopwatch.GetTimestamp();
        var allowed = _options.CloseDeadline + TimeSpan.FromSeconds(1);
        var stuck = sessions.Count(session =>
            !session.Join(TimeSpan.FromTicks(Math.Max(0, (allowed - Stopwatch.GetElapsedTime(deadline)).Ticks))));
        _web?.Dispose();
        _watchdog.Dispose();
        (_router as IDisposable)?.Dispose();
        _history?.Dispose();
        _metrics.Dispose();
        _log.Information("Server stopped; clients disconnected: {Count}, of which did not finish in time: {Stuck}", sessions.Count, stuck);
    }

    public void Dispose() => Stop();

    private IMessageRouter CreateRouter(ServerOptions options, FlowGate gate, ILogger log)
    {
        if (options.Echo)
        {
            return new EchoRouter();
        }

        if (options.Redis is { } redis)
        {
            var shared = RedisSharedChat.Connect(redis, log.ForContext<RedisSharedChat>(), HistoryLimitsOf(options));
            return new ChatRouter(
                new SharedChatStore(Observed(new RoomDirectory(MemoryHistoryStore.None, 0, gate, _metrics)), shared, options.History, log.ForContext<SharedChatStore>(), _startThread),
                options.MaxMessageBytes,
                SharedChatStore.LinesAtOnce,
                options.Cloak ? GuestNames.Cloaked(shared.Secret("cloak", GuestNames.NewSecret())) : null,
                IdentityOn(shared.Identity(), log, _time));
        }

        _history = OpenHistory(options);
        return new ChatRouter(
            new InProcessChatStore(Observed(new RoomDirectory(_history, options.History, gate, _metrics))),
            options.MaxMessageBytes,
            Room.MaxLinesAtOnce(options.OutboxCapacity),
            options.Cloak ? GuestNames.Cloaked(CloakSecret.Load(options.Data)) : null,
            IdentityOn(options.Data == ServerOptions.NoData ? new MemoryIdentityStore() : SqliteIdentityStore.Open(options.Data), log, _time));
    }

    private RoomDirectory Observed(RoomDirectory rooms)
    {
        _metrics.ObserveRooms(() => rooms.Count);
        return rooms;
    }

    private static IdentityServices IdentityOn(IIdentityStore store, ILogger log, TimeProvider time) => new(store, new PasswordHasher(), new LoginThrottle(time), log.ForContext<IdentityServices>());

    // Standalone, the rooms' lines are kept on disk unless --data none (SPEC §12).
    private static IHistoryStore OpenHistory(ServerOptions options) =>
        options.Data == ServerOptions.NoData ? new MemoryHistoryStore(HistoryLimitsOf(options)) : SqliteHistoryStore.Open(options.Data, HistoryLimitsOf(options));

    private static HistoryLimits HistoryLimitsOf(ServerOptions options) => new(options.HistoryKeep, options.HistoryRoomBytes, options.HistoryTotalBytes);

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

    internal static IPAddress ResolveHost(string host) =>
        IPAddress.TryParse(host, out var address) ? address : Dns.GetHostAddresses(host)[0];
}
