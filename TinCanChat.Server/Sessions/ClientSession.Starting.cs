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

    /// <summary>The threads may serve the client: the receive thread opens the connection and joins it to the router.</summary>
    public void Admit() => _start.Decide(go: true);

    private void ThreadFinished()
    {
        if (Interlocked.Decrement(ref _runningThreads) == 0)
        {
            Dispose();
            _onFinished(this);
        }
    }
}
