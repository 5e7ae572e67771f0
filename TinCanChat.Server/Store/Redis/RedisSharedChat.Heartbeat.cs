using StackExchange.Redis;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// Liveness: a heartbeat key per server, renewed every <see cref="BeatEvery"/>; each beat also
/// takes out servers whose heartbeat expired (their members leave, with a notice each) and
/// renews nicknames. An emptied Redis (no epoch, or another one) or being given up for dead
/// makes this server put its members back (<see cref="Resync"/>).
/// </summary>
internal sealed partial class RedisSharedChat
{
    private static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(2);

    // Three beats: a server is given up for dead 6 to 8 s after its last one.
    private static readonly TimeSpan HeartbeatLife = TimeSpan.FromSeconds(6);

    private const int RenewNicknamesEveryBeats = 5;

    private const int CatchUpBeats = 3;

    private static readonly string DeadServerNotice = ServerNotices.Left(NoticeSlots.Name, "its server stopped answering", NoticeSlots.Online);

    private static readonly string BackNotice = ServerNotices.Joined(NoticeSlots.Name, NoticeSlots.Online);

    private static readonly string GhostNotice = ServerNotices.Left(NoticeSlots.Name, "connection lost", NoticeSlots.Online);

    private readonly Thread _heartbeat;
    private readonly ManualResetEventSlim _stopBeating = new();
    private Func<IReadOnlyList<SharedMember>> _localMembers = () => [];
    private bool _unreachable;

    // Beats left on which the feeds look for missed lines: a subscription comes back a moment
    // after its connection, and a line published in between reaches no one live.
    private int _catchUpBeats;

    /// <summary>Registers this server and starts beating; <paramref name="localMembers"/> says who is here now.</summary>
    public void Start(Func<IReadOnlyList<SharedMember>> localMembers)
    {
        _localMembers = localMembers;
        Resync();
        _redis.ConnectionRestored += (_, _) =>
        {
            Volatile.Write(ref _catchUpBeats, CatchUpBeats);
            Restored?.Invoke();
        };
        _heartbeat.Start();
    }

    /// <summary>
    /// Makes Redis hold this server's members as they are here: after it was emptied (a new epoch
    /// is made if there is none) or after this server was given up for dead.
    /// </summary>
    /// <param name="announce">The others saw these members leave (this server was given up for dead): they see them come back.</param>
    public void Resync(bool announce = false)
    {
        lock (_syncLock)
        {
            var epoch = Call(() =>
            {
                _db.StringSet("tcc:epoch", Guid.NewGuid().ToString("N"), when: When.NotExists);
                return (string?)_db.StringGet("tcc:epoch");
            }) ?? "";
            Volatile.Write(ref _epoch, epoch);
            List<RedisValue> args = [ServerId, (long)HeartbeatLife.TotalMilliseconds, GhostNotice, ChatRouter.AnnounceLimit, (long)NicknameLife.TotalMilliseconds,
                announce ? BackNotice : ""];
            foreach (var member in _localMembers())
            {
                args.AddRange([member.Token, member.RoomKey, member.RoomDisplay, member.Name, member.Nick,
                    string.Join(' ', member.OtherRooms.Select(other => $"{other.Key} {other.Display}"))]);
            }

            var lost = (RedisResult[])Run(RedisScripts.Sync, [.. args])!;

            // Lines may have been numbered under this epoch before the feeds heard of it.
            Volatile.Write(ref _catchUpBeats, CatchUpBeats);
            if (lost.Length > 0)
            {
                _log.Warning("{Count} nicknames were taken by others while Redis had lost them", lost.Length);
            }
        }
    }

    private void BeatLoop()
    {
        for (var beat = 1; !_stopBeating.Wait(BeatEvery); beat++)
        {
            try
            {
                var unregistered = (long)Run(RedisScripts.Heartbeat, ServerId, (long)HeartbeatLife.TotalMilliseconds) == 1;
                if (unregistered || _unreachable)
                {
                    Resync(announce: unregistered);
                }

                if (Volatile.Read(ref _catchUpBeats) > 0 && Interlocked.Decrement(ref _catchUpBeats) >= 0)
                {
                    Restored?.Invoke();
                }

                if (_unreachable)
                {
                    _unreachable = false;
                    _log.Information("Redis answers again; chat across servers resumed");
                }

                var gone = (long)Run(RedisScripts.Reap, ServerId, DeadServerNotice, ChatRouter.AnnounceLimit);
                if (gone > 0)
                {
                    _log.Information("A server stopped answering; {Count} of its clients left the chat", gone);
                }

                if (beat % RenewNicknamesEveryBeats == 0)
                {
                    RenewNicknames();
                }
            }
            catch (StoreUnavailableException ex)
            {
                if (!_unreachable)
                {
                    _unreachable = true;
                    _log.Warning("Redis is unreachable ({Problem}); clients stay, chat lines are refused until it answers", ex.Message);
                }
            }
        }
    }

    private void RenewNicknames()
    {
        List<RedisValue> args = [(long)NicknameLife.TotalMilliseconds];
        foreach (var member in _localMembers().Where(member => member.Nick.Length > 0))
        {
            args.AddRange([member.Nick, member.Token]);
        }

        if (args.Count > 1)
        {
            Read(RedisScripts.Renew, null, [.. args]);
        }
    }

    // A clean stop: the leaves on their way arrive, then whatever is left of this server leaves
    // at once rather than when its heartbeat expires.
    private void StopBeating()
    {
        _stopBeating.Set();
        if (_heartbeat.IsAlive)
        {
            _heartbeat.Join();
        }

        try
        {
            Task.WaitAll([.. _pending.Keys], TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Each failure was logged where it happened.
        }

        try
        {
            Run(RedisScripts.Reap, ServerId, GhostNotice, ChatRouter.AnnounceLimit, ServerId);
        }
        catch (StoreUnavailableException ex)
        {
            _log.Warning("Could not take this server out of Redis ({Problem}); the others will when its heartbeat expires", ex.Message);
        }
    }
}
