using System.Diagnostics;
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
internal sealed class ClientSession : IClientSession, IDisposable
{
    // Thousands of clients mean thousands of threads; neither loop needs a deep stack.
    private const int ThreadStackBytes = 128 * 1024;

    // A reader whose write has been blocked this long stops holding senders back (it is not
    // taking data); it is disconnected once its outbox fills or the slow-reader timeout passes.
    private static readonly TimeSpan StallGrace = TimeSpan.FromSeconds(1);

    // A reply waiting for room looks this often whether the session closed meanwhile.
    private static readonly TimeSpan ReplyRecheck = TimeSpan.FromMilliseconds(100);

    private static readonly byte[] InvalidUtf8Frame = FrameEncoder.Encode(ServerNotices.InvalidUtf8);

    private readonly IMessageConnection _connection;
    private readonly IMessageRouter _router;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeSpan _closeDeadline;
    private readonly TimeSpan _slowReaderTimeout;
    private readonly TimeSpan _stallGrace;
    private readonly int _maxMessageBytes;
    private readonly Outbox _outbox;
    private readonly SendProgress _progress = new();
    private readonly WakeBatch _batch = new();
    private readonly TokenBucket? _rateLimit;
    private readonly DeferredWakes _deferred;
    private readonly Thread _receiveThread;
    private readonly Thread _sendThread;
    private readonly Action<ClientSession> _onLeaving;
    private readonly Action<ClientSession> _onFinished;
    private readonly StartGate _start = new();
    private readonly StartGate _opened = new();
    private readonly bool _openBeforeJoining;
    private int _runningThreads;
    private int _closing;
    private long _closingSinceMs;
    private int _connectionDisposed;
    private volatile CloseReason? _closeReason;

    /// <param name="onLeaving">Called once when closing starts, before the leave is announced.</param>
    /// <param name="onFinished">Called once both started threads have ended.</param>
    /// <param name="openBeforeJoining">
    /// The connection needs opening (a TLS handshake): the receive thread opens it and then joins
    /// the client to the router itself, instead of the accept thread joining it at once.
    /// </param>
    public ClientSession(
        string label,
        IMessageConnection connection,
        SessionServices services,
        Action<ClientSession> onLeaving,
        Action<ClientSession> onFinished,
        bool openBeforeJoining = false)
    {
        _openBeforeJoining = openBeforeJoining;
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
        _slowReaderTimeout = options.SlowReaderTimeout;
        _stallGrace = options.SlowReaderTimeout < StallGrace ? options.SlowReaderTimeout : StallGrace;
        _maxMessageBytes = options.MaxMessageBytes;
        _outbox = new Outbox(options.OutboxCapacity, services.Gate);
        _deferred = services.Deferred;
        _rateLimit = options.RateLimit > 0 ? new TokenBucket(options.RateLimit, services.Time) : null;
        _receiveThread = new Thread(ReceiveLoop, ThreadStackBytes) { IsBackground = true, Name = $"recv {label}" };
        _sendThread = new Thread(SendLoop, ThreadStackBytes) { IsBackground = true, Name = $"send {label}" };
    }

    public string Label { get; }

    public bool IsClosing => _closeReason is not null;

    public bool HoldsBackSenders =>
        _outbox.IsBehind && _closeReason is null && _progress.StalledFor(Environment.TickCount64) < _stallGrace;

    /// <summary>
    /// Starts both threads; they wait for <see cref="Admit"/> before touching the connection.
    /// False: a thread could not start (out of threads or memory); whatever did start ends by
    /// itself, and the caller still owns the connection's socket.
    /// </summary>
    public bool TryStart(Action<Thread> startThread)
    {
        ArgumentNullException.ThrowIfNull(startThread);
        foreach (var thread in (Thread[])[_sendThread, _receiveThread])
        {
            Interlocked.Increment(ref _runningThreads);
            try
            {
                startThread(thread);
            }
            catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
            {
                _log.Warning(ex, "Could not start a thread for {Client}", Label);
                if (Interlocked.Decrement(ref _runningThreads) == 0)
                {
                    _outbox.Dispose();
                }
                else
                {
                    _start.Open(admitted: false);
                    _opened.Open(admitted: false);
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The threads may serve the client: the router has registered it, or (when the connection
    /// needs opening first) the receive thread will open the connection and register it.
    /// </summary>
    public void Admit()
    {
        // Opened first: a receive thread released by _start may end at once (a peer that sent
        // a line and closed), and its "not opened" would otherwise win over our "opened".
        if (!_openBeforeJoining)
        {
            _opened.Open(admitted: true);
        }

        _start.Open(admitted: true);
    }

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

    public void Wake() => _outbox.Wake();

    public void Close(CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closingSinceMs, Environment.TickCount64);
        _closeReason = reason;
        _log.Information("Client {Client} disconnected: {Reason}", Label, reason.Description);
        if (reason == CloseReason.SlowReader)
        {
            _metrics.SlowReaderDisconnected();
        }

        // Each step runs whatever the one before did: the place is freed before the leave is
        // announced, and the threads end once the outbox is completed.
        Attempt(() => _onLeaving(this), "freeing its place");
        Attempt(() => _router.OnLeft(this, reason), "announcing its leave");
        Attempt(_outbox.Complete, "completing its outbox");
    }

    /// <summary>
    /// Called by the watchdog about every tenth of a second: a client whose write has been
    /// blocked past the slow-reader timeout is disconnected, and a closing one whose threads are
    /// still held by a peer that reads nothing loses its connection at the close deadline.
    /// </summary>
    public void Watch(long nowMs)
    {
        if (_closeReason is null)
        {
            if (_progress.StalledFor(nowMs) >= _slowReaderTimeout)
            {
                Close(CloseReason.SlowReader);
            }
        }
        else if (nowMs - Volatile.Read(ref _closingSinceMs) >= _closeDeadline.TotalMilliseconds
            && Interlocked.Exchange(ref _connectionDisposed, 1) == 0)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Waits for both threads to end, at most <paramref name="timeout"/> in all.</summary>
    public bool Join(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        return _receiveThread.Join(timeout)
            && _sendThread.Join(TimeSpan.FromTicks(Math.Max(0, (timeout - Stopwatch.GetElapsedTime(started)).Ticks)));
    }

    /// <summary>Called when both threads have ended; they own the connection until then.</summary>
    public void Dispose() => _outbox.Dispose();

    private void Attempt(Action step, string what)
    {
        try
        {
            step();
        }
        catch (ObjectDisposedException)
        {
            // Both threads already ended on a broken connection and cleaned up.
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Closing {Client} failed at {Step}; it is closed all the same", Label, what);
        }
    }

    private void ReceiveLoop()
    {
        try
        {
            if (_start.Wait())
            {
                UntilConnectionFails(() =>
                {
                    if (OpenAndJoin())
                    {
                        ReceiveFrames();
                    }
                });
            }
        }
        finally
        {
            // Whatever happened, the send thread stops waiting for the connection to open.
            _opened.Open(admitted: false);
            ThreadFinished();
        }
    }

    // For a connection that needs opening (TLS): the handshake, with its own timeout, on this
    // thread, so a client that never finishes it delays no one; then the client joins.
    private bool OpenAndJoin()
    {
        if (!_openBeforeJoining)
        {
            return true;
        }

        try
        {
            _connection.Open();
        }
        catch (IOException ex)
        {
            _log.Information("Client {Client} never joined: {Problem}", Label, ex.Message);
            Close(CloseReason.HandshakeFailed);
            return false;
        }

        _opened.Open(admitted: true);
        if (!IsClosing && !_router.OnJoined(this, _batch))
        {
            Close(CloseReason.ServerShutdown);
        }
        else
        {
            _log.Information("Client {Client} connected over TLS", Label);
        }

        // The join notice goes out with the next tick's wake-ups (or sooner, with anyone's next
        // line): a burst of TLS arrivals then wakes each send thread once, not once per arrival.
        _deferred.Defer(_batch);
        return true;
    }

    private void ReceiveFrames()
    {
        while (_connection.ReceiveFrames() is { } frames)
        {
            // After close, keep reading (and dropping) until the peer goes, so closing
            // with unread data does not reset the connection before our last lines arrive.
            foreach (var frame in frames)
            {
                if (_closeReason is not null)
                {
                    break;
                }

                Route(frame);
            }

            // One wake-up per read, not per frame.
            _batch.Complete();
        }

        Close(_connection.EndedMidFrame ? CloseReason.ConnectionLostMidMessage : CloseReason.PeerClosed);
    }

    private void Route(DecodedFrame frame)
    {
        switch (frame.Status)
        {
            case FrameStatus.Message:
                _metrics.MessageReceived();
                PaceToRateLimit();
                _router.OnMessage(this, frame.Text, _batch);
                break;
            case FrameStatus.InvalidUtf8:
                _log.Debug("Client {Client} sent a message that is not valid UTF-8", Label);
                if (Reply(InvalidUtf8Frame))
                {
                    _batch.Include(this);
                }

                break;
            default:
                Close(CloseReason.Oversized(_maxMessageBytes));
                break;
        }
    }

    // Beyond --rate-limit this thread sleeps instead of reading: TCP pushes back on the flooder
    // alone, and nothing it sent is dropped.
    private void PaceToRateLimit()
    {
        if (_rateLimit is null)
        {
            return;
        }

        for (var wait = _rateLimit.Take(); wait > TimeSpan.Zero; wait = _rateLimit.Take())
        {
            _batch.Complete();
            _metrics.RateLimited();
            Thread.Sleep(wait);
        }
    }

    private void SendLoop()
    {
        if (!_start.Wait())
        {
            ThreadFinished();
            return;
        }

        try
        {
            // Nothing goes out before the connection is open: no plain text on a TLS socket.
            if (_opened.Wait())
            {
                UntilConnectionFails(SendFrames);
            }
        }
        finally
        {
            _connection.Dispose();
            ThreadFinished();
        }
    }

    private void SendFrames()
    {
        while (_outbox.Take() is { } frame)
        {
            if (_closeReason is { DropQueued: true })
            {
                break;
            }

            OutboxWriter.WriteWithWaiting(_outbox, _connection, _progress, frame);
        }

        if (_closeReason?.ClientNotice is { } notice)
        {
            OutboxWriter.Send(_connection, _progress, FrameEncoder.Encode(notice));
        }

        _connection.ShutdownSend();
        _receiveThread.Join(_closeDeadline);
    }

    // Both threads end alike: a broken connection is an ordinary close, and anything else is a
    // bug that must cost this client its connection, never the server everyone else uses.
    private void UntilConnectionFails(Action loop)
    {
        try
        {
            loop();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Close(CloseReason.ConnectionLost);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Session of {Client} failed", Label);
            Close(CloseReason.ConnectionLost);
        }
    }

    private void ThreadFinished()
    {
        if (Interlocked.Decrement(ref _runningThreads) == 0)
        {
            Dispose();
            _onFinished(this);
        }
    }
}
