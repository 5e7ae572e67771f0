using TinCanChat.Common.Protocol;

namespace TinCanChat.Server.Sessions;

/// <summary>The send thread: drains the outbox to the connection, then the close reason's last line.</summary>
internal sealed partial class ClientSession
{
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
        while (_outbox.WaitForWork())
        {
            lock (_writing)
            {
                if (_closeReason is { DropQueued: true })
                {
                    break;
                }

                WriteLeftover();
                if (_outbox.TryTake(out var frame))
                {
                    OutboxWriter.WriteWithWaiting(_outbox, _connection, _progress, frame, () => _closeReason is { DropQueued: true });
                }
            }
        }

        lock (_writing)
        {
            if (_closeReason is not { DropQueued: true })
            {
                WriteLeftover();
            }

            if (_closeReason?.ClientNotice is { } notice)
            {
                OutboxWriter.Send(_connection, _progress, FrameEncoder.Encode(notice));
            }

            _connection.ShutdownSend();
        }

        _receiveThread.Join(_closeDeadline);
    }

    // What a write without waiting (Wake) could not get into the socket goes before anything newer.
    private void WriteLeftover()
    {
        if (_leftover is { } leftover)
        {
            _leftover = null;
            OutboxWriter.Send(_connection, _progress, leftover);
        }
    }

    /// <summary>
    /// A producer waking an idle send thread writes for it instead, when the socket takes the
    /// frames at once (see ARCHITECTURE.md, "Wake-ups"): one broadcast to thousands of idle
    /// clients is then thousands of writes on one thread rather than thousands of context
    /// switches. True when nothing is left for the send thread.
    /// </summary>
    private bool TryWriteForIdleSender()
    {
        if (!_outbox.ConsumerIdle || _closeReason is not null || !_connection.CanSendWithoutWaiting || !_writing.TryEnter())
        {
            return false;
        }

        try
        {
            if (_leftover is not null || _closeReason is not null)
            {
                return false;
            }

            if (OutboxWriter.WriteWaitingNow(_outbox, _connection, out _leftover))
            {
                return true;
            }

            if (_leftover is not null)
            {
                _outbox.Nudge();
            }

            return false;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            // Ended meanwhile: its send thread has nothing left to do either.
            return true;
        }
        finally
        {
            _writing.Exit();
        }
    }
}
