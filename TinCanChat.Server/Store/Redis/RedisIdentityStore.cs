using StackExchange.Redis;
using TinCanChat.Server.Chat.Identity;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// Accounts and registered rooms with <c>--redis</c> (SPEC §10), shared by every server, kept
/// as long as Redis keeps its data (its RDB/AOF persistence; never expiring). Keys (under
/// <c>tcc:</c>): <c>account:A</c> (the password hash), <c>owned:A</c> (set of the rooms A owns),
/// <c>reg:R</c> (hash: owner, topic, private, key), <c>reg:R:ops</c>, <c>reg:R:bans</c>,
/// <c>reg:R:invites</c> (hashes: who → label). Each change is one command or one script, so
/// atomic: of two servers creating one account or registering one room at once, one wins.
/// </summary>
internal sealed class RedisIdentityStore(IDatabase db) : IIdentityStore
{
    private const string RegisterRoomScript = """
        if redis.call('HSETNX', KEYS[1], 'owner', ARGV[2]) == 0 then return 0 end
        redis.call('SADD', KEYS[2], ARGV[1])
        return 1
        """;

    private const string RemoveAccountScript = """
        for _, room in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          local reg = 'tcc:reg:' .. room
          if redis.call('HGET', reg, 'owner') == ARGV[1] then
            redis.call('DEL', reg, reg .. ':ops', reg .. ':bans', reg .. ':invites')
          end
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        return 0
        """;

    // Only a registered room's settings change: one unregistered meanwhile stays so.
    private const string SetScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if ARGV[2] == '' then return redis.call('HDEL', KEYS[2], ARGV[1]) end
        return redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        """;

    private const string RoomScript = """
        local reg = KEYS[1]
        if redis.call('EXISTS', reg) == 0 then return false end
        return {redis.call('HGETALL', reg), redis.call('HGETALL', reg .. ':ops'), redis.call('HGETALL', reg .. ':bans'), redis.call('HGETALL', reg .. ':invites')}
        """;

    public string? PasswordOf(string account) => RedisSharedChat.Call(() => (string?)db.StringGet(AccountKey(account)));

    public bool AddAccount(string account, string passwordHash) =>
        RedisSharedChat.Call(() => db.StringSet(AccountKey(account), passwordHash, when: When.NotExists));

    public void SetPassword(string account, string passwordHash) =>
        RedisSharedChat.Call(() => db.StringSet(AccountKey(account), passwordHash, when: When.Exists));

    public void RemoveAccount(string account) =>
        RedisSharedChat.Call(() => db.ScriptEvaluate(RemoveAccountScript, [AccountKey(account), $"tcc:owned:{account}"], [account]));

    public RegisteredRoom? Room(string room)
    {
        var result = RedisSharedChat.Call(() => db.ScriptEvaluate(RoomScript, [RoomKey(room)]));
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        var settings = Pairs(parts[0]);
        return new RegisteredRoom(
            settings.GetValueOrDefault("owner", ""),
            settings.GetValueOrDefault("topic"),
            settings.ContainsKey("private"),
            settings.GetValueOrDefault("key"),
            new HashSet<string>(Pairs(parts[1]).Keys),
            Pairs(parts[2]),
            Pairs(parts[3]));
    }

    public bool RegisterRoom(string room, string owner) =>
        (long)RedisSharedChat.Call(() => db.ScriptEvaluate(RegisterRoomScript, [RoomKey(room), $"tcc:owned:{owner}"], [room, owner])) == 1;

    public void SetRoom(string room, RoomSetting setting, string? value) =>
        RedisSharedChat.Call(() => db.ScriptEvaluate(SetScript, [RoomKey(room), RoomKey(room)], [setting.ToString().ToLowerInvariant(), value is null ? "" : "set", value ?? ""]));

    public void SetListed(string room, RoomList list, string who, string? label) =>
        RedisSharedChat.Call(() => db.ScriptEvaluate(SetScript, [RoomKey(room), ListKey(room, list)], [who, label is null ? "" : "set", label ?? ""]));

    public void ClearList(string room, RoomList list) => RedisSharedChat.Call(() => db.KeyDelete(ListKey(room, list)));

    /// <summary>The connection is the shared chat's.</summary>
    public void Dispose()
    {
    }

    private static RedisKey AccountKey(string account) => $"tcc:account:{account}";

    private static RedisKey RoomKey(string room) => $"tcc:reg:{room}";

    private static RedisKey ListKey(string room, RoomList list) => list switch
    {
        RoomList.Operators => $"tcc:reg:{room}:ops",
        RoomList.Bans => $"tcc:reg:{room}:bans",
        _ => $"tcc:reg:{room}:invites",
    };

    private static Dictionary<string, string> Pairs(RedisResult result)
    {
        var items = (RedisResult[])result!;
        var pairs = new Dictionary<string, string>();
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            pairs[(string)items[i]!] = (string)items[i + 1]!;
        }

        return pairs;
    }
}
