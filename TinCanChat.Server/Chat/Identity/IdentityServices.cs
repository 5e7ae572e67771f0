using Serilog;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Identity;

namespace TinCanChat.Server.Chat.Identity;

/// <summary>What the chat layer needs for accounts and registered rooms: where they are kept, the hashing, the login throttle.</summary>
/// <param name="log">Where accounts' events go (never a password): registrations, logins, failed logins.</param>
internal sealed class IdentityServices(IIdentityStore store, PasswordHasher hasher, LoginThrottle throttle, ILogger? log = null) : IDisposable
{
    public ILogger Log { get; } = log ?? Serilog.Core.Logger.None;

    public IIdentityStore Store { get; } = store;

    public PasswordHasher Hasher { get; } = hasher;

    public LoginThrottle Throttle { get; } = throttle;

    /// <summary>Kept in memory only (<c>--data none</c>, tests).</summary>
    public static IdentityServices InMemory(int iterations = PasswordHash.DefaultIterations) =>
        new(new MemoryIdentityStore(), new PasswordHasher(iterations), new LoginThrottle(TimeProvider.System));

    public void Dispose()
    {
        Store.Dispose();
        Hasher.Dispose();
    }
}
