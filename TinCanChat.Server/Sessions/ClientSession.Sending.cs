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
        while (_outbox.Take() is { } frame)
        {
            if (_closeReason is { DropQueued: true })
            {
                break;
            }

            OutboxWriter.WriteWithWaiting(_outbox, _connection, _progress, frame, () => _closeReason is { DropQueued: true });
        }

        if (_closeReason?.ClientNotice is { } notice)
        {
            OutboxWriter.Send(_connection, _progress, FrameEncoder.Encode(notice));
        }

        _connection.ShutdownSend();
        _receiveThread.Join(_closeDeadline);
    }
}
