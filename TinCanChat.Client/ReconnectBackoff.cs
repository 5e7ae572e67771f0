namespace TinCanChat.Client;

/// <summary>
/// Pauses between tries to reach the server again: 1 s, doubling, at most 30 s, each with up to
/// a tenth less, so clients dropped together do not all come back in the same instant. It starts
/// over only once the server has taken the client back (<see cref="Reset"/>): a server that
/// answers the connect but refuses the client (full) is tried less and less often.
/// </summary>
internal sealed class ReconnectBackoff(Random random)
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>No pause is longer, jitter included.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    private TimeSpan _next = First;

    public TimeSpan Next()
    {
        ArgumentNullException.ThrowIfNull(random);
        var pause = _next * (0.9 + (0.1 * random.NextDouble()));
        _next = _next * 2 > Longest ? Longest : _next * 2;
        return pause;
    }

    public void Reset() => _next = First;
}
