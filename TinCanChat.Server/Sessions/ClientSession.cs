using Serilog;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;
using TinCanChat.Server.Routing;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// One connected client: a receive thread that decodes frames and hands them to the router,
/// and a send thread that drains this client's own bounded outbox to the connection.
/// </summary>
internal sealed class ClientSession : IClientSession, IDisposable
{
    // Thousands of clients mean thousands of threads; neither loop needs a deep stack.
    private const int ThreadStackBytes = 128 * 1024;

    /// <summary>How long a reply to the client itself may wait for room in its outbox.</summary>
    public static readonly TimeSpan ReplyPatience = TimeSpan.FromSeconds(5);

    private static readonly byte[] InvalidUtf8Frame = FrameEncoder.Encode(ServerNotices.InvalidUtf8);

    private readonly IMessageConnection _connection;
    private readonly IMessageRouter _router;
    private readonly ILogger _log;
    private readonly TimeSpan _closeDeadline;
    private readonly int _maxMessageBytes;
    private readonly Outbox _outbox;
    private readonly Thread _receiveThread;
    private readonly Thread _sendThread;
    private readonly Action<ClientSession> _onFinished;
    private int _closing;
    private int _runningThreads = 2;
    private volatile CloseReason? _closeReason;
    private Timer? _deadlineTimer;

    public ClientSession(
        string label,
        IMessageConnection connection,
        IMessageRouter router,
        ServerOptions options,
        ILogger log,
        Action<ClientSession> onFinished)
    {
        ArgumentNullException.ThrowIfNull(options);
        Label = label;
        _connection = connection;
        _router = router;
        _log = log;
        _onFinished = onFinished;
        _closeDeadline = options.CloseDeadline;
        _maxMessageBytes = options.MaxMessageBytes;
        _outbox = new Outbox(options.OutboxCapacity);
        _receiveThread = new Thread(ReceiveLoop, ThreadStackBytes) { IsBackground = true, Name = $"recv {label}" };
        _sendThread = new Thread(SendLoop, ThreadStackBytes) { IsBackground = true, Name = $"send {label}" };
    }

    public string Label { get; }

    /// <summary>Joins the router (the join notice waits in the outbox), then starts both threads.</summary>
    public void Start()
    {
        _router.OnJoined(this);
        _receiveThread.Start();
        _sendThread.Start();
    }

    public bool TryEnqueue(byte[] frame) => TryEnqueueQuietly(frame, TimeSpan.Zero);

    public bool TryEnqueue(byte[] frame, TimeSpan patience)
    {
        var added = TryEnqueueQuietly(frame, patience);
        Flush();
        return added;
    }

    public void Flush() => _outbox.Wake();

    private bool TryEnqueueQuietly(byte[] frame, TimeSpan patience)
    {
        try
        {
            return _outbox.TryAdd(frame, patience);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Closing already: the frame is not lost to anyone still listening.
            return true;
        }
    }

    public void Close(CloseReason reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeReason = reason;

        // A peer that reads nothing would keep the send thread blocked forever: closing the
        // connection after the deadline unblocks both threads.
        _deadlineTimer = new Timer(_ => _connection.Dispose(), null, _closeDeadline, Timeout.InfiniteTimeSpan);
        _log.Information("Client {Client} disconnected: {Reason}", Label, reason.Description);
        _router.OnLeft(this, reason);
        try
        {
            _outbox.Complete();
        }
        catch (ObjectDisposedException)
        {
            // Both threads already ended on a broken connection and cleaned up.
        }
    }

    /// <summary>Waits for both threads to end.</summary>
    public bool Join(TimeSpan timeout) =>
        _receiveThread.Join(timeout) && _sendThread.Join(timeout);

    /// <summary>Called when both threads have ended; they own the connection until then.</summary>
    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _outbox.Dispose();
    }

    private void ReceiveLoop()
    {
        try
        {
            UntilConnectionFails(ReceiveFrames);
        }
        finally
        {
            ThreadFinished();
        }
    }

    private void ReceiveFrames()
    {
        while (_connection.Receive() is { } frame)
        {
            // After close, keep reading (and dropping) until the peer goes, so closing
            // with unread data does not reset the connection before our last lines arrive.
            if (_closeReason is null)
            {
                Route(frame);

                // One wake-up per read, not per frame: the rest of this read follows at once.
                if (!_connection.HasBufferedFrames || _closeReason is not null)
                {
                    _router.Flush(this);
                }
            }
        }

        Close(_connection.EndedMidFrame ? CloseReason.ConnectionLostMidMessage : CloseReason.PeerClosed);
    }

    private void Route(DecodedFrame frame)
    {
        switch (frame.Status)
        {
            case FrameStatus.Message:
                _router.OnMessage(this, frame.Text);
                break;
            case FrameStatus.InvalidUtf8:
                _log.Debug("Client {Client} sent a message that is not valid UTF-8", Label);
                if (!TryEnqueue(InvalidUtf8Frame, ReplyPatience))
                {
                    Close(CloseReason.SlowReader);
                }

                break;
            default:
                Close(CloseReason.Oversized(_maxMessageBytes));
                break;
        }
    }

    private void SendLoop()
    {
        try
        {
            UntilConnectionFails(SendFrames);
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

            OutboxWriter.WriteWithWaiting(_outbox, _connection, frame);
        }

        if (_closeReason?.ClientNotice is { } notice)
        {
            _connection.Send(FrameEncoder.Encode(notice));
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
