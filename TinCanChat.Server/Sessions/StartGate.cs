namespace TinCanChat.Server.Sessions;

/// <summary>
/// Holds a new session's threads until the accept thread has registered the client, or has
/// given up on it (a thread failed to start): then they end without touching the connection.
/// </summary>
internal sealed class StartGate
{
    private readonly object _lock = new();
    private bool? _admitted;

    public void Open(bool admitted)
    {
        lock (_lock)
        {
            _admitted = admitted;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Blocks until <see cref="Open"/>; true when the client was admitted.</summary>
    public bool Wait()
    {
        lock (_lock)
        {
            while (_admitted is null)
            {
                Monitor.Wait(_lock);
            }

            return _admitted.Value;
        }
    }
}
