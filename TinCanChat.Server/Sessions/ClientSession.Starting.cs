namespace TinCanChat.Server.Sessions;

/// <summary>Starting is all or nothing: both threads run, then the client is admitted (see ARCHITECTURE.md).</summary>
internal sealed partial class ClientSession
{
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
                    _start.Decide(go: false);
                    _opened.Decide(go: false);
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
            _opened.Decide(go: true);
        }

        _start.Decide(go: true);
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
