using System.Collections.Concurrent;
using TinCanChat.Server.Platform;

namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// Does the slow hashing for the client's receive thread, which waits for it outside every lock:
/// on a few hashing threads (all cores but one) at a low scheduling priority (nice 10), so a
/// burst of logins queues here and takes only the CPU that the chat's threads leave, instead of
/// slowing everyone else's lines.
/// </summary>
/// <param name="iterations">PBKDF2 iterations for new hashes; lower only in tests.</param>
internal sealed class PasswordHasher : IDisposable
{
    private const int Nice = 10;

    private readonly int _iterations;
    private readonly BlockingCollection<Work> _queue = [];

    // Checked against when the account does not exist, so "no such account" takes as long as
    // "wrong password" and the two cannot be told apart by timing.
    private readonly Lazy<PasswordHash> _decoy;

    public PasswordHasher(int iterations = PasswordHash.DefaultIterations)
    {
        _iterations = iterations;
        _decoy = new(() => PasswordHash.Create(Guid.NewGuid().ToString(), iterations));
        for (var i = 0; i < Math.Max(1, Environment.ProcessorCount - 1); i++)
        {
            new Thread(HashLoop) { IsBackground = true, Name = "password hashing" }.Start();
        }
    }

    public PasswordHash Hash(string password) => InTurn(() => PasswordHash.Create(password, _iterations));

    /// <summary>Whether the password matches the kept hash; a missing or damaged one never matches, after as long.</summary>
    public bool Matches(string? kept, string password)
    {
        var hash = kept is null ? null : PasswordHash.Parse(kept);
        return InTurn(() => (hash ?? _decoy.Value).Matches(password) && hash is not null);
    }

    public void Dispose() => _queue.CompleteAdding();

    private T InTurn<T>(Func<T> hash)
        where T : notnull
    {
        var work = new Work(() => hash());
        try
        {
            _queue.Add(work);
        }
        catch (InvalidOperationException ex)
        {
            throw new ObjectDisposedException("the server is stopping", ex);
        }

        work.Done.Wait();
        work.Done.Dispose();
        if (work.Failure is { } failure || work.Result is not T result)
        {
            throw new InvalidOperationException("hashing failed", work.Failure);
        }

        return result;
    }

    private void HashLoop()
    {
        ThreadNiceness.Lower(Nice);
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            try
            {
                work.Result = work.Run();
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                work.Failure = ex;
            }

            work.Done.Set();
        }
    }

    private sealed class Work(Func<object> run)
    {
        public Func<object> Run { get; } = run;

        public ManualResetEventSlim Done { get; } = new();

        public object? Result { get; set; }

        public Exception? Failure { get; set; }
    }
}
