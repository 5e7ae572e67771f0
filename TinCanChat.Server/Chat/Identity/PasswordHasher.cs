namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// Runs the slow hashing on the calling client's own receive thread, never under a member's or a
/// room's lock, and lets only so many hash at once (all cores but one): a burst of logins queues
/// here instead of taking every core from the send threads of everyone else's chat.
/// </summary>
/// <param name="iterations">PBKDF2 iterations for new hashes; lower only in tests.</param>
internal sealed class PasswordHasher(int iterations = PasswordHash.DefaultIterations) : IDisposable
{
    private readonly SemaphoreSlim _turns = new(Math.Max(1, Environment.ProcessorCount - 1));

    // Checked against when the account does not exist, so "no such account" takes as long as
    // "wrong password" and the two cannot be told apart by timing.
    private readonly Lazy<PasswordHash> _decoy = new(() => PasswordHash.Create(Guid.NewGuid().ToString(), iterations));

    public PasswordHash Hash(string password) => InTurn(() => PasswordHash.Create(password, iterations));

    /// <summary>Whether the password matches the kept hash; a missing or damaged one never matches, after as long.</summary>
    public bool Matches(string? kept, string password)
    {
        var hash = kept is null ? null : PasswordHash.Parse(kept);
        return InTurn(() => (hash ?? _decoy.Value).Matches(password) && hash is not null);
    }

    public void Dispose() => _turns.Dispose();

    private T InTurn<T>(Func<T> work)
    {
        _turns.Wait();
        try
        {
            return work();
        }
        finally
        {
            _turns.Release();
        }
    }
}
