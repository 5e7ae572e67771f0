namespace TinCanChat.Server.Sessions;

/// <summary>
/// Holds a session's thread until a decision: admitted or not (a thread failed to start), or
/// the connection opened or not (a TLS handshake). The first decision stands.
/// </summary>
internal sealed class StartGate
{
    private readonly object _lock = new();
    private bool? _admitted;

    public void Open(bool admitted)
    {
        lock (_lock)
        {
            _admitted ??= admitted;
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
