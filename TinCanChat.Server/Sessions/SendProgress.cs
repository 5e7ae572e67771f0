namespace TinCanChat.Server.Sessions;

/// <summary>
/// Whether a client's socket still takes data: a write that has been blocked for long means the
/// peer stopped reading (or its network is gone). A send thread that is merely waiting for CPU
/// is not inside a write, so a loaded machine never makes a reading client look stuck.
/// </summary>
internal sealed class SendProgress
{
    // Environment.TickCount64 when the current write started; 0 while not writing.
    private long _writeStartedMs;

    public void WriteStarted() => Volatile.Write(ref _writeStartedMs, Math.Max(1, Environment.TickCount64));

    public void WriteEnded() => Volatile.Write(ref _writeStartedMs, 0);

    /// <summary>How long the current write has been blocked; zero while not writing.</summary>
    public TimeSpan StalledFor(long nowMs)
    {
        var started = Volatile.Read(ref _writeStartedMs);
        return started == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(0, nowMs - started));
    }
}
