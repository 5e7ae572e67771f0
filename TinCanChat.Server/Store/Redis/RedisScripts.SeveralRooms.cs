namespace TinCanChat.Server.Store.Redis;

/// <summary>The scripts of a member in several rooms at once (<c>/cap rooms</c>, SPEC §6): one more room, one fewer.</summary>
internal static partial class RedisScripts
{
    /// <summary>
    /// /join with /cap rooms, one more room: ARGV token, room, display, joined notice, history, the
    /// client's address, the chat id to replay after (-1: none). The room it was in (room-of) joins
    /// its others (also:TOKEN) and the new one is room-of. Returns and fails as <see cref="Move"/>.
    /// </summary>
    public const string Join = Prelude + """
        local token, room, display, joinedNotice = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local history, address, after = tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
        local refused = too_fast(room, address)
        if refused then return refused end
        local old = redis.call('HGET', 'tcc:room-of', token)
        if not old then return redis.error_reply('GONE') end
        redis.call('SADD', 'tcc:also:' .. token, old)
        return enter(room, display, token, joinedNotice, history, after)
        """;

    /// <summary>/part: ARGV token, room, left notice. Out of one of its rooms; room-of leaving, one of the others takes its place.</summary>
    public const string Part = Prelude + """
        local token, room, notice = ARGV[2], ARGV[3], ARGV[4]
        local first = redis.call('HGET', 'tcc:room-of', token)
        if not first then return redis.error_reply('GONE') end
        if first == room then
          local other = redis.call('SPOP', 'tcc:also:' .. token)
          if not other then return redis.error_reply('LAST') end
          redis.call('HSET', 'tcc:room-of', token, other)
        elseif redis.call('SREM', 'tcc:also:' .. token, room) == 0 then
          return redis.error_reply('GONE')
        end
        vacate(room, token)
        return emit(room, 'l', token, notice, 0, 0)
        """;
}
