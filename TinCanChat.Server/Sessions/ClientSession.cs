using Serilog;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Routing;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// One connected client: a receive thread that decodes frames and hands them to the router,
/// and a send thread that drains this client's own bounded outbox to the connection.
/// Starting is all or nothing (<see cref="TryStart"/>, then <see cref="Admit"/>), and closing
/// cannot stop half-way (<see cref="Close"/>).
/// </summary>
internal sealed partial class ClientSession : IClientSession, IDisposable
{
    // Thousands of clients mean thousands of threads; neither loop needs a deep stack.
    private const int ThreadStackBytes = 128 * 1024;

    // A reader whose write has been blocked this long stops holding senders back (it is not
    // taking data); it is disconnected once its outbox fills or the slow-reader timeout passes.
    private static readonly TimeSpan StallGrace = TimeSpan.FromSeconds(1);

    // A room held back by this client stamps it at least every 100 ms (see Room.RecheckEvery).
    private const long HoldingRecently = 250;

    // A reply waiting for room looks this often whether the session closed meanwhile.
    private static readonly TimeSpan ReplyRecheck = TimeSpan.FromMilliseconds(100);

    private static readonly byte[] InvalidUtf8Frame = FrameEncoder.Encode(ServerNotices.InvalidUtf8);

    private readonly IMessageConnection _connection;
    private readonly IMessageRouter _router;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeSpan _closeDeadline;
    private readonly TimeSpan _firstLineTimeout;
    private readonly SessionLimits _limits;
    private readonly HoldWindow _held = new();

    // When a room's sender last waited for this client, and the time it has held a room back in
    // all (both on Environment.TickCount64); the total is the watchdog's alone.
    private long _holdingRoomAtMs;
    private long _heldRoomMs;
    private long _lastWatchMs = Environment.TickCount64;
    private readonly TimeSpan _maxHold;
    private readonly FlowGate _gate;
    private readonly CloseReason _heldTooLong;
    private readonly int _maxMessageBytes;
    private readonly TimeSpan _arrivalWait;
    private readonly Outbox _outbox;

    // Held by whoever writes to the connection and takes from the outbox to do it: the send
    // thread, or a producer writing for it while it sleeps (Wake). Never waited for by a producer.
    private readonly Lock _writing = new();
    private byte[]? _leftover;
    private readonly SendProgress _progress = new();
    private readonly WakeBatch _batch = new();
    private readonly TimeProvider _time;
    private TokenBucket? _rateLimit;
    private int _rateLimitPerSecond;

    // The receive thread's: frames of the current read after the one being routed, and whether
    // this burst's sender was told it is being slowed down.
    private int _restOfRead;
    private bool _toldSlowDown;
    private readonly DeferredWakes _deferred;
    private readonly Thread _receiveThread;
    private readonly Thread _sendThread;
    private readonly Action<ClientSession> _onLeaving;
    private readonly Action<ClientSession> _onFinished;
    private readonly StartGate _start = new();
    private readonly StartGate _opened = new();
    private static long s_arrivals;

    private readonly long _createdMs = Environment.TickCount64;
    private volatile bool _open;
    private volatile bool _hasSpoken;
    private volatile bool _wantsIds;
    private int _runningThreads;
    private int _closing;
    private long _closingSinceMs;
    private int _connectionDisposed;
    private volatile CloseReason? _closeReason;

    /// <param name="onLeaving">Called once when closing starts, before the leave is announced.</param>
    /// <param name="onFinished">Called once both started threads have ended.</param>
    public ClientSession(
        string label,
        IMessageConnection connection,
        SessionServices services,
        Action<ClientSession> onLeaving,
        Action<ClientSession> onFinished)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.Options;
        Label = label;
        _connection = connection;
        _router = services.Router;
        _metrics = services.Metrics;
        _log = services.Log;
        _onLeaving = onLeaving;
        _onFinished = onFinished;
        _closeDeadline = options.CloseDeadline;
        _firstLineTimeout = options.FirstLineTimeout;
        _limits = services.Limits;
        _maxHold = options.MaxHold;
        _gate = services.Gate;
        _heldTooLong = CloseReason.HeldTooLong(options.MaxHold);
        _maxMessageBytes = options.MaxMessageBytes;
        _arrivalWait = options.ArrivalWait;
        _outbox = new Outbox(options.OutboxCapacity, services.Gate);
        _deferred = services.Deferred;
        _time = services.Time;
        _receiveThread = new Thread(ReceiveLoop, ThreadStackBytes) { IsBackground = true, Name = $"recv {label}" };
        _sendThread = new Thread(SendLoop, ThreadStackBytes) { IsBackground = true, Name = $"send {label}" };
    }

    public string Label { get; }

    public bool IsClosing => _closeReason is not null;

    public bool WantsIds { get => _wantsIds; set => _wantsIds = value; }

    /// <summary>Frames waiting in its outbox now (for the metrics).</summary>
    public int OutboxDepth => _outbox.Count;

    /// <summary>
    /// Connected for <c>--first-line-timeout</c> without sending a line (as a slowloris, or someone
    /// only listening): when the server is full, such a connection gives its place to a newcomer.
    /// </summary>
    public bool IsSilentFor(long nowMs, TimeSpan timeout) => !_hasSpoken && nowMs - _createdMs >= timeout.TotalMilliseconds;

    /// <summary>Its place in the order of arrival (the clock's few milliseconds cannot tell two quick arrivals apart): the oldest silent one goes first.</summary>
    public long Arrival { get; } = Interlocked.Increment(ref s_arrivals);

    public bool HoldsBackSenders =>
        _outbox.IsBehind && _closeReason is null && _progress.StalledFor(Environment.TickCount64) < StallGraceNow;

    // A writer stalled this long no longer holds anyone back (at most the slow-reader timeout).
    private TimeSpan StallGraceNow => _limits.SlowReaderTimeout < StallGrace ? _limits.SlowReaderTimeout : StallGrace;

    public bool Offer(byte[] frame)
    {
        try
        {
            return _outbox.TryAdd(frame, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Closing already: nobody is left to read it.
            return true;
        }
    }

    public bool Reply(byte[] frame)
    {
        try
        {
            if (_outbox.TryAdd(frame, TimeSpan.Zero))
            {
                return true;
            }

            Wake();
            while (_closeReason is null)
            {
                if (_outbox.TryAdd(frame, ReplyRecheck))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Closed while waiting.
        }

        return false;
    }

    public void Wake()
    {
        if (!TryWriteForIdleSender())
        {
            _outbox.Wake();
        }
    }

    public void HoldingRoomBack() => Volatile.Write(ref _holdingRoomAtMs, Environment.TickCount64);

    /// <summary>Called when both threads have ended; they own the connection until then.</summary>
    public void Dispose() => _outbox.Dispose();
}
