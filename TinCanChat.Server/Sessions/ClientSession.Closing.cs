using System.Diagnostics;

namespace TinCanChat.Server.Sessions;

/// <summary>Ending: one close that cannot stop half-way, the watchdog's deadlines, and the wait for both threads.</summary>
internal sealed partial class ClientSession
{
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
        if (reason == CloseReason.SlowReader || reason == _heldTooLong)
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
    /// blocked past the slow-reader timeout, or that has held its room back for longer than
    /// <c>--max-hold</c> within 30 s, is disconnected; a closing one whose threads are still held
    /// by a peer that reads nothing loses its connection at the close deadline.
    /// </summary>
    public void Watch(long nowMs)
    {
        if (_closeReason is null)
        {
            if (!_open && nowMs - _createdMs >= _firstLineTimeout.TotalMilliseconds)
            {
                // The handshake's reads each have a timeout, but a hello dripped a byte at a time
                // would go on for ever: the whole handshake has one deadline, and this ends it.
                DisposeConnectionOnce();
            }
            else if (_progress.StalledFor(nowMs) >= _limits.SlowReaderTimeout)
            {
                Close(CloseReason.SlowReader);
            }
            else if (HeldRoomWithinWindow(nowMs) > _maxHold)
            {
                Close(_heldTooLong);
            }
        }
        else if (nowMs - Volatile.Read(ref _closingSinceMs) >= _closeDeadline.TotalMilliseconds)
        {
            DisposeConnectionOnce();
        }
    }

    // A held-back sender looks again at least every 100 ms, stamping this client each time: a
    // stamp that recent means the room has been waiting for it since the last look.
    private TimeSpan HeldRoomWithinWindow(long nowMs)
    {
        var sinceLastLook = nowMs - _lastWatchMs;
        _lastWatchMs = nowMs;
        if (nowMs - Volatile.Read(ref _holdingRoomAtMs) <= HoldingRecently && _outbox.IsBehind)
        {
            _heldRoomMs += Math.Min(sinceLastLook, 1000);
        }

        return _held.Held(nowMs, _heldRoomMs);
    }

    private void DisposeConnectionOnce()
    {
        if (Interlocked.Exchange(ref _connectionDisposed, 1) == 0)
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
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or System.Security.Cryptography.CryptographicException)
        {
            // A peer breaking its TLS session (renegotiating, say) is the peer's doing, not a bug: one line.
            _log.Warning("Client {Client} broke its TLS session: {Problem}", Label, ex.Message);
            Close(CloseReason.ConnectionLost);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Session of {Client} failed", Label);
            Close(CloseReason.ConnectionLost);
        }
    }
}
