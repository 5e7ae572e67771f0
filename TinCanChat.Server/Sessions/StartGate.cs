namespace TinCanChat.Server.Sessions;

/// <summary>
/// Holds a session's thread until a decision: admitted or not (a thread failed to start), or
/// the connection opened or not (a TLS handshake). The first decision stands.
/// </summary>
internal sealed class StartGate
{
    private readonly object _lock = new();
    private bool? _go;

    /// <summary>Lets the waiting thread go on (true) or end (false); only the first call counts.</summary>
    public void Decide(bool go)
    {
        lock (_lock)
        {
            _go ??= go;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Blocks until <see cref="Decide"/>; true to go on.</summary>
    public bool Wait()
    {
        lock (_lock)
        {
            while (_go is null)
            {
                Monitor.Wait(_lock);
            }

            return _go.Value;
        }
    }
}
