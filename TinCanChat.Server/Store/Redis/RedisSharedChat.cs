using System.Collections.Concurrent;
using Serilog;
using StackExchange.Redis;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// The shared chat in Redis (SPEC §9): one multiplexed connection, the epoch this server knows,
/// and the calls of <see cref="RedisScripts"/>. It alone knows the key schema, the scripts and
/// the wire formats (<see cref="RedisEventFormat"/>). Every call blocks its caller for one round
/// trip (a client's own receive thread, or this server's heartbeat and room feeds) and never runs
/// under a room lock. When Redis cannot be reached, calls fail at once with a
/// <see cref="StoreUnavailableException"/> instead of queueing (what a user typed is answered, not
/// kept for later); the connection comes back by itself.
/// </summary>
internal sealed partial class RedisSharedChat : ISharedChat
{
    /// <summary>How long a nickname is held without renewal (a server that dies frees it by then at the latest).</summary>
    private static readonly TimeSpan NicknameLife = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan UnsubscribePatience = TimeSpan.FromSeconds(5);

    private readonly ConnectionMultiplexer _redis;
    private readonly HistoryLimits _keep;
    private readonly IDatabase _db;
    private readonly ILogger _log;
    private readonly Lock _syncLock = new();
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly ConcurrentDictionary<string, Task> _unsubscribing = new();
    private readonly object[] _channelLocks = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private long _lastToken;
    private string _epoch = "";

    private RedisSharedChat(ConnectionMultiplexer redis, ILogger log, HistoryLimits keep)
    {
        _keep = keep;
        _redis = redis;
        _db = redis.GetDatabase();
        _log = log;
        ServerId = Guid.NewGuid().ToString("N")[..12];
        _heartbeat = new Thread(BeatLoop) { IsBackground = true, Name = "redis heartbeat" };
    }

    /// <summary>Names this server among the others (in member tokens and keys).</summary>
    public string ServerId { get; }

    /// <summary>Raised when a lost connection to Redis is back: feeds look for what they missed.</summary>
    public event Action? Restored;

    /// <summary>Whether the connection to Redis is up now.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>The epoch this server knows.</summary>
    public string Epoch => Volatile.Read(ref _epoch);

    /// <summary>The epoch in Redis now; null when there is none yet (emptied, and nobody has spoken since).</summary>
    public string? CurrentEpoch() => Call(() => (string?)_db.StringGet("tcc:epoch"));

    /// <summary>
    /// A line of another epoch arrived: true if that is Redis's epoch now (this server then
    /// puts its members back under it), false if the line is of an older one.
    /// </summary>
    public bool AdoptIfCurrent(string epoch)
    {
        if (epoch == Epoch)
        {
            return true;
        }

        if (CurrentEpoch() != epoch)
        {
            return false;
        }

        Resync();
        return epoch == Epoch;
    }

    /// <summary>
    /// A secret every server shares (<c>tcc:secret:NAME</c>): the first server's
    /// <paramref name="proposal"/>, kept for good, so all of them derive the same from it.
    /// </summary>
    public byte[] Secret(string name, byte[] proposal) => Call(() =>
    {
        _db.StringSet($"tcc:secret:{name}", proposal, when: When.NotExists);
        return (byte[]?)_db.StringGet($"tcc:secret:{name}") ?? proposal;
    });

    /// <summary>Accounts and registered rooms, on this connection.</summary>
    public RedisIdentityStore Identity() => new(_db);

    /// <summary>A new member's token: this server, then a number.</summary>
    public string NewToken() => $"{ServerId}/{Interlocked.Increment(ref _lastToken)}";

    /// <summary>Runs a guarded script with the epoch first; an emptied Redis is filled again first, then it is run once more.</summary>
    private RedisResult Run(string script, params RedisValue[] args)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Call(() => _db.ScriptEvaluate(script, null, [Volatile.Read(ref _epoch), .. args]));
            }
            catch (StoreUnavailableException ex) when (attempt == 0 && ex.InnerException is RedisServerException server && server.Message.Contains("EPOCH", StringComparison.Ordinal))
            {
                Resync();
            }
        }
    }

    /// <summary>Runs an unguarded script (reads, and the nickname compare-and-delete).</summary>
    private RedisResult Read(string script, RedisKey[]? keys, params RedisValue[] args) =>
        Call(() => _db.ScriptEvaluate(script, keys, args));

    /// <summary>
    /// Runs a guarded script without waiting for it (a leave, from any thread); shutdown waits
    /// for what is still on its way.
    /// </summary>
    private void RunLater(string script, params RedisValue[] args)
    {
        Task task;
        try
        {
            task = _db.ScriptEvaluateAsync(script, null, [Volatile.Read(ref _epoch), .. args]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _log.Warning("Could not tell Redis: {Problem}", FirstLine(ex.Message));
            return;
        }

        _pending[task] = 0;
        task.ContinueWith(
            done =>
            {
                _pending.TryRemove(done, out _);
                if (done.Exception is { } ex)
                {
                    _log.Warning("Could not tell Redis: {Problem}", FirstLine(ex.GetBaseException().Message));
                }
            },
            TaskScheduler.Default);
    }

    /// <summary>Claims a nickname for the token; false when someone holds it, unless <paramref name="takeOver"/>.</summary>
    public bool Claim(string nick, string token, bool takeOver = false) =>
        Call(() => _db.StringSet(NickKey(nick), token, NicknameLife, takeOver ? When.Always : When.NotExists));

    public void Release(string nick, string token) =>
        Read(RedisScripts.Release, [NickKey(nick)], token);

    /// <summary>
    /// Tells the others that a reader here is behind in the room, for a moment (renewed while it
    /// lasts). Best effort: unreachable, the others are not paced, and the feed waits all the same.
    /// </summary>
    public void MarkHeld(string roomKey) =>
        BestEffort(() => _db.StringSet($"tcc:room:{roomKey}:held", ServerId, TimeSpan.FromSeconds(1), flags: CommandFlags.FireAndForget));

    /// <summary>Private lines to that member wait for a moment: its reader here is behind. Best effort, like <see cref="MarkHeld"/>.</summary>
    public void MarkPrivateHeld(string token) =>
        BestEffort(() => _db.StringSet($"tcc:held:{token}", 1, TimeSpan.FromMilliseconds(500), flags: CommandFlags.FireAndForget));

    public void ClearHeld(string roomKey) =>
        BestEffort(() => _db.KeyDelete($"tcc:room:{roomKey}:held", CommandFlags.FireAndForget));

    public void Dispose()
    {
        StopBeating();
        _redis.Dispose();
    }

    private static RedisKey NickKey(string nick) => $"tcc:nick:{nick}";

    // StackExchange.Redis appends a long diagnostic after the first ';': for the log, not for users.
    private static string FirstLine(string text) => text.Split('\n')[0].Split(';')[0].Trim();

    // Disposed: the server is stopping and a late call (a feed still ending) finds no connection.
    internal static T Call<T>(Func<T> call)
    {
        try
        {
            return ChatMeter.Timed("redis", call);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new StoreUnavailableException(FirstLine(ex.Message), ex, MayHaveHappened(ex));
        }
    }

    // False only when the call surely never reached Redis (no connection to send it on) or Redis refused it.
    private static bool MayHaveHappened(Exception ex) => ex switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.UnableToResolvePhysicalConnection or ConnectionFailureType.UnableToConnect } => false,
        RedisServerException => false,
        ObjectDisposedException => false,
        _ => true,
    };

    private static void BestEffort(Func<bool> call)
    {
        try
        {
            call();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The caller goes on without it.
        }
    }
}
