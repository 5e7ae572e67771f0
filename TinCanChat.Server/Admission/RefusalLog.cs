using System.Net;

namespace TinCanChat.Server.Admission;

/// <summary>
/// Refusals are logged at most once a minute per address, with how many were left out since: a
/// host opening thousands of sockets would otherwise write thousands of lines. The accept
/// thread's alone.
/// </summary>
internal sealed class RefusalLog
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    // Addresses not refused for a minute are dropped once this many are kept.
    private const int PruneAbove = 10_000;

    private readonly Dictionary<IPAddress, (long LoggedAtMs, int Unlogged)> _addresses = [];

    /// <summary>Whether to log this refusal now; if so, how many from that address were not logged since the last line.</summary>
    public bool ShouldLog(IPAddress address, long nowMs, out int unlogged)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_addresses.TryGetValue(address, out var seen) && nowMs - seen.LoggedAtMs < Every.TotalMilliseconds)
        {
            _addresses[address] = seen with { Unlogged = seen.Unlogged + 1 };
            unlogged = 0;
            return false;
        }

        if (_addresses.Count > PruneAbove)
        {
            foreach (var old in _addresses.Where(pair => nowMs - pair.Value.LoggedAtMs >= Every.TotalMilliseconds).Select(pair => pair.Key).ToList())
            {
                _addresses.Remove(old);
            }
        }

        unlogged = seen.Unlogged;
        _addresses[address] = (nowMs, 0);
        return true;
    }
}
