namespace TinCanChat.Client;

/// <summary>
/// Pauses between tries to reach the server again: 1 s, doubling, at most 30 s, each with up to
/// a tenth more or less, so clients dropped together do not all come back in the same instant.
/// </summary>
internal sealed class ReconnectBackoff(Random random)
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    private TimeSpan _next = First;

    public TimeSpan Next()
    {
        ArgumentNullException.ThrowIfNull(random);
        var pause = _next * (0.9 + (0.2 * random.NextDouble()));
        _next = _next * 2 > Longest ? Longest : _next * 2;
        return pause;
    }
}
