using TinCanChat.Common.Protocol;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Routing;

namespace TinCanChat.Server.Sessions;

/// <summary>The receive thread: opens the connection if it needs it, joins, reads, routes.</summary>
internal sealed partial class ClientSession
{
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
            _opened.Decide(go: false);
            ThreadFinished();
        }
    }

    // Every client joins here, on its own thread: a connection that needs opening (TLS) shakes
    // hands first, with its own timeout, so a client that never finishes delays no one, and a
    // store that takes a round trip to enter a room (Redis) never holds up the accept thread.
    private bool OpenAndJoin()
    {
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

        _open = true;
        _opened.Decide(go: true);
        var first = FirstFrames();
        var introducedAt = first?.FindIndex(frame => frame.Status != FrameStatus.Message || !_router.MayPrecedeIntroduction(frame.Text)) ?? -1;
        var introduction = introducedAt >= 0 && first![introducedAt] is { Status: FrameStatus.Message } line && _router.Introduces(line.Text) ? line.Text : null;
        if (introduction is not null)
        {
            _hasSpoken = true;
            _metrics.MessageReceived();
        }

        if (!IsClosing && !_router.OnJoined(this, _batch, introduction))
        {
            Close(CloseReason.ServerShutdown);
        }

        // The join notice goes out with the next tick's wake-ups (or sooner, with anyone's next
        // line): a burst of arrivals then wakes each send thread once, not once per arrival.
        _deferred.Defer(_batch);
        if (first is null)
        {
            return true;
        }

        foreach (var frame in first.Where((_, index) => introduction is null || index != introducedAt).TakeWhile(_ => _closeReason is null))
        {
            Route(frame);
        }

        _router.OnReadDone(this, _batch);
        _batch.Complete();
        return true;
    }

    // The first read, if it comes within the arrival's wait (SPEC §10: a client that says who it
    // is at once arrives under that name, never its address); empty when the peer closed at once.
    private List<DecodedFrame>? FirstFrames()
    {
        if (_arrivalWait <= TimeSpan.Zero || !_connection.WaitForData(_arrivalWait))
        {
            return null;
        }

        try
        {
            return _connection.ReceiveFrames() is { } frames ? [.. frames] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private void ReceiveFrames()
    {
        while (_connection.ReceiveFrames() is { } frames)
        {
            // After close, keep reading (and dropping) until the peer goes, so closing
            // with unread data does not reset the connection before our last lines arrive.
            for (var index = 0; index < frames.Count; index++)
            {
                if (_closeReason is not null)
                {
                    break;
                }

                _restOfRead = frames.Count - index - 1;
                Route(frames[index]);
            }

            // One wake-up per read, not per frame.
            _router.OnReadDone(this, _batch);
            _batch.Complete();
        }

        Close(_connection.EndedMidFrame ? CloseReason.ConnectionLostMidMessage : CloseReason.PeerClosed);
    }

    private void Route(DecodedFrame frame)
    {
        switch (frame.Status)
        {
            case FrameStatus.Message:
                _hasSpoken = true;
                _metrics.MessageReceived();
                PaceToOwnReading();
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
            case FrameStatus.TlsHandshake:
                Close(CloseReason.SpokeTls);
                break;
            default:
                Close(CloseReason.Oversized(_maxMessageBytes));
                break;
        }
    }

    // A client is never fed faster than it reads: while its own outbox is behind and its socket
    // still takes data, its next message waits, as any sender held back by a reader does. Else
    // its commands (a /join flood: the join notices of fresh rooms, which hold no one back) would
    // fill its outbox while it reads. Bounded: a reader behind for longer than --max-hold is closed.
    private void PaceToOwnReading()
    {
        while (HoldsBackSenders)
        {
            var seen = _gate.Generation;
            _router.OnReadDone(this, _batch);
            _batch.Include(this);
            _batch.Complete();
            if (!HoldsBackSenders)
            {
                return;
            }

            _gate.Wait(seen, ReplyRecheck);
        }
    }

    // Beyond --rate-limit this thread sleeps instead of reading: TCP pushes back on the flooder
    // alone, and nothing it sent is dropped.
    private void PaceToRateLimit()
    {
        // The limit of now: a reload may have changed it.
        if (_limits.RateLimit != _rateLimitPerSecond)
        {
            _rateLimitPerSecond = _limits.RateLimit;
            _rateLimit = _rateLimitPerSecond > 0 ? new TokenBucket(_rateLimitPerSecond, _time) : null;
        }

        if (_rateLimit is null)
        {
            return;
        }

        var paused = false;
        for (var wait = _rateLimit.Take(); wait > TimeSpan.Zero; wait = _rateLimit.Take())
        {
            if (!paused)
            {
                // Once per message held, however many naps it takes.
                _metrics.RateLimited();
                paused = true;
                TellSlowDown();
            }

            _router.OnReadDone(this, _batch);
            _batch.Complete();

            // Whole milliseconds, rounded up: Thread.Sleep rounds a shorter wait down to none, a spin.
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
        }

        // A message that went through at once: the burst is over, the next one is told again.
        _toldSlowDown &= paused;
    }

    // Once per burst, so a sender (a paste, say) knows why its lines come out slowly, and its
    // client why a line typed after them waits: those of this read still waiting, at least.
    private void TellSlowDown()
    {
        if (_toldSlowDown)
        {
            return;
        }

        _toldSlowDown = true;
        if (Reply(FrameEncoder.Encode(ServerNotices.SlowDown(_restOfRead + 1, _rateLimitPerSecond))))
        {
            _batch.Include(this);
        }
    }
}
