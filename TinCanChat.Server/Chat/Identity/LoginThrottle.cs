using System.Collections.Concurrent;

namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// Failed logins, counted per account and per address (SPEC §10): the first five cost nothing;
/// after that each try must wait, 1 s after the fifth failure, doubling with each further one up
/// to 5 min. A try while waiting is refused without looking at the password (so it is neither
/// hashed nor counted). A success clears both counts; a count is forgotten after 15 min without
/// failures. Kept by this server: with <c>--redis</c> each server counts its own.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int FreeFailures = 5;

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> _counts = new();

    /// <summary>How long the account or the address must still wait before a try is looked at; zero when it may try now.</summary>
    public TimeSpan WaitFor(string account, string address)
    {
        var now = time.GetUtcNow();
        return new[] { Key("account", account), Key("address", address) }
            .Select(key => _counts.TryGetValue(key, out var count) ? Remaining(count, now) : TimeSpan.Zero)
            .Max();
    }

    public void Failed(string account, string address)
    {
        var now = time.GetUtcNow();
        foreach (var key in new[] { Key("account", account), Key("address", address) })
        {
            _counts.AddOrUpdate(key, (1, now), (_, count) => (now - count.Last > Forget ? 1 : count.Failures + 1, now));
        }

        if (_counts.Count > 100_000)
        {
            foreach (var stale in _counts.Where(entry => now - entry.Value.Last > Forget).ToList())
            {
                _counts.TryRemove(stale);
            }
        }
    }

    public void Succeeded(string account, string address)
    {
        _counts.TryRemove(Key("account", account), out _);
        _counts.TryRemove(Key("address", address), out _);
    }

    private static string Key(string kind, string name) => $"{kind}:{Names.Fold(name)}";

    private static TimeSpan Remaining((int Failures, DateTimeOffset Last) count, DateTimeOffset now)
    {
        if (count.Failures < FreeFailures || now - count.Last > Forget)
        {
            return TimeSpan.Zero;
        }

        var wait = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(count.Failures - FreeFailures, 20)));
        var left = (wait < MaxWait ? wait : MaxWait) - (now - count.Last);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
