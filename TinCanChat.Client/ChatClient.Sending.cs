using TinCanChat.Common.Protocol;

namespace TinCanChat.Client;

/// <summary>The input thread: what the user types goes out, kept while disconnected; quitting delivers what was sent.</summary>
internal sealed partial class ChatClient
{
    private void InputLoop()
    {
        try
        {
            // Ids first (so every line after the nickname has one), then the nickname, in one write
            // (the server reads them together): it announces this client under it, never its address.
            if (_startedConnected && _connection is { } first && Opening(reconnect is not null ? ["/cap ids", .. Introduction()] : [.. Introduction()]) is { Length: > 0 } opening)
            {
                try
                {
                    first.Send(opening);
                }
                catch (IOException) when (reconnect is not null)
                {
                    // Gone at once: the reconnect says all of it again.
                }
            }

            while (console.ReadLine() is { } line)
            {
                if (line == QuitCommand)
                {
                    break;
                }

                if (line.Length > 0)
                {
                    // After /quit the server closing the connection is what the user asked for.
                    _quitting |= IsQuitCommand(line);
                    Send(line);
                }
            }

            Quit();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Finish(1, ServerClosed);
        }
    }

    private static bool IsQuitCommand(string line) =>
        line.Equals("/quit", StringComparison.OrdinalIgnoreCase) || line.StartsWith("/quit ", StringComparison.OrdinalIgnoreCase);

    private void Send(string line)
    {
        if (!FrameEncoder.TryEncode(line, out var frame))
        {
            console.ShowStatus(UnsendableLine);
            return;
        }

        while (true)
        {
            if (_connection is { } current)
            {
                try
                {
                    lock (_sending)
                    {
                        _unconfirmed.Sent(line);
                        current.Send(frame);
                    }

                    RememberWhere(line);
                    return;
                }
                catch (IOException) when (reconnect is not null)
                {
                    // The receive thread sees the end too, and reconnects.
                }
            }

            if (reconnect is null)
            {
                throw new IOException(ServerClosed);
            }

            // Not sent into the void: back into the input line, or (piped input) sent once back.
            // Either way the user wants to be connected: the next try is now, not after the pause.
            if (console.Restore(line))
            {
                console.ShowStatus("not connected: trying again now; your line is kept, press Enter again once connected");
                RetryNow();
                return;
            }

            RetryNow();
            lock (_state)
            {
                while (_connection is null && !_quitting && _finished == 0)
                {
                    Monitor.Wait(_state);
                }

                if (_connection is null)
                {
                    return;
                }
            }
        }
    }

    // Stop sending, let the server's last lines arrive, then leave.
    private void Quit()
    {
        _quitting = true;
        Pulse();
        try
        {
            _connection?.ShutdownSend();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Already gone: nothing to finish.
        }

        if (!_receiveThread!.Join(QuitGrace) && _slowedDown)
        {
            // The server closes once it has read everything (then the room sees a clean leave).
            console.ShowStatus($"waiting for the server to take the lines you sent (it reads each client's lines at a limited rate); at most {SlowedQuitGrace.TotalSeconds:0} s, Ctrl+C leaves now");
            if (!_receiveThread.Join(SlowedQuitGrace - QuitGrace))
            {
                var unsent = _unconfirmed.Count;
                console.ShowStatus(unsent > 0
                    ? $"{unsent} of your lines were not sent: the server had not taken them yet"
                    : "every line you sent reached the room; the server did not close the connection in time");
            }
        }

        Finish(0, status: null);
    }

    // Ends the pause between tries at once.
    private void RetryNow()
    {
        lock (_state)
        {
            _retryNow = true;
            Monitor.PulseAll(_state);
        }
    }
}
