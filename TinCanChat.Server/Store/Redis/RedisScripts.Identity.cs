namespace TinCanChat.Server.Store.Redis;

/// <summary>The scripts of identity (SPEC §10): a notice to a member's room, and finding the member an order is for.</summary>
internal static partial class RedisScripts
{
    /// <summary>ARGV epoch, token, room, notice: the notice to one of the member's rooms, in its order.</summary>
    public const string Notice = Prelude + """
        local token, room, notice = ARGV[2], ARGV[3], ARGV[4]
        if not redis.call('ZSCORE', 'tcc:room:' .. room .. ':who', token) then return redis.error_reply('GONE') end
        return emit(room, 'n', token, notice, 0, 0)
        """;

    /// <summary>ARGV nickname, room key (or empty), case-folded name: the token of the nickname's holder, else of a member of that room so named.</summary>
    public const string Find = """
        local nick, room, name = ARGV[1], ARGV[2], ARGV[3]
        local token = redis.call('GET', 'tcc:nick:' .. nick)
        if token then return token end
        if room == '' then return false end
        for _, member in ipairs(redis.call('ZRANGE', 'tcc:room:' .. room .. ':who', 0, -1)) do
          local shown = redis.call('HGET', 'tcc:names', member)
          if shown and string.lower(shown) == name then return member end
        end
        return false
        """;
}
