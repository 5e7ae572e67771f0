namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// The Lua scripts that change the shared chat, each one atomic in Redis. Every line of a room
/// goes through <c>emit</c>, the room's sequencer: it numbers the line, appends it to the room's
/// log (a stream, for servers that missed it) and publishes it; servers deliver only what they
/// get back from it, so every member everywhere sees one order. Keys (all under <c>tcc:</c>):
/// <list type="bullet">
/// <item><c>epoch</c>: made by the first server; a missing or other one means Redis was emptied.</item>
/// <item><c>room:R:seq</c>, <c>room:R:log</c> (stream, ids <c>seq-0</c>, about the last 1 000 lines and at most about 2 MiB: far more than a reconnect misses), <c>room:R:history</c> (chat lines, newest first, at most about 1 MiB),
/// all three expiring an hour after the room's last member left, unless someone enters before;
/// <c>room:R:who</c> (sorted set of member tokens by entry), <c>room:R:held</c> (a server's reader is behind); channel <c>room:R</c>.</item>
/// <item><c>rooms</c> (room key → display name), <c>room-of</c>, <c>names</c>, <c>nicks</c> (member token → room key,
/// shown name, case-folded nickname), <c>nick:N</c> (→ token, with expiry), <c>held:TOKEN</c> (that member's reader is behind: private lines wait), <c>opened:ADDRESS</c> (new rooms that address opened this hour).</item>
/// <item><c>servers</c> (set), <c>hb:S</c> (heartbeat with expiry), <c>srv:S</c> (its member tokens); channel <c>to:S</c>.</item>
/// </list>
/// ARGV[1] of the guarded scripts is the epoch the server knows: another one fails with EPOCH.
/// Line texts carry <see cref="NoticeSlots"/> filled in here: <c>\0n</c> the name, <c>\0o</c> the count online.
/// </summary>
internal static partial class RedisScripts
{
    private const string Prelude = """
        local E = ARGV[1]
        if redis.call('GET', 'tcc:epoch') ~= E then return redis.error_reply('EPOCH') end
        local ROOM_IDLE, LOG_BYTES, HISTORY_BYTES = 3600, 2097152, 1048576
        local function fits(count, text, bytes) return math.max(1, math.min(count, math.floor(bytes / math.max(1, #text)))) end
        local function expire(room, ttl)
          for _, suffix in ipairs({':seq', ':log', ':history'}) do
            if ttl then redis.call('EXPIRE', 'tcc:room:' .. room .. suffix, ttl) else redis.call('PERSIST', 'tcc:room:' .. room .. suffix) end
          end
        end
        local function fill(text, name, online)
          text = string.gsub(text, '%zn', function() return name end)
          return (string.gsub(text, '%zo', function() return tostring(online) end))
        end
        local function emit(room, kind, token, text, history)
          local key = 'tcc:room:' .. room
          local seq = redis.call('INCR', key .. ':seq')
          local lines = fits(1000, text, LOG_BYTES)
          if lines >= 1000 then
            redis.call('XADD', key .. ':log', 'MAXLEN', '~', 1000, seq .. '-0', 'k', kind, 't', token, 'x', text)
          else
            redis.call('XADD', key .. ':log', 'MAXLEN', math.max(16, lines), seq .. '-0', 'k', kind, 't', token, 'x', text)
          end
          if kind == 'c' and history > 0 then
            redis.call('LPUSH', key .. ':history', text)
            redis.call('LTRIM', key .. ':history', 0, fits(history, text, HISTORY_BYTES) - 1)
          end
          redis.call('PUBLISH', key, E .. '\31' .. seq .. '\31' .. kind .. '\31' .. token .. '\31' .. text)
          return seq
        end
        local function enter(room, display, token, text, history)
          expire(room, nil)
          redis.call('HSET', 'tcc:room-of', token, room)
          redis.call('HSETNX', 'tcc:rooms', room, display)
          local lines = {}
          if history > 0 then lines = redis.call('LRANGE', 'tcc:room:' .. room .. ':history', 0, history - 1) end
          local seq = emit(room, 'j', token, text, 0)
          redis.call('ZADD', 'tcc:room:' .. room .. ':who', seq, token)
          return {seq, lines}
        end
        local function depart(token)
          local room = redis.call('HGET', 'tcc:room-of', token)
          if not room then return nil end
          local who = 'tcc:room:' .. room .. ':who'
          redis.call('ZREM', who, token)
          if redis.call('ZCARD', who) == 0 then
            redis.call('HDEL', 'tcc:rooms', room)
            expire(room, ROOM_IDLE)
          end
          return room
        end
        local function leave(token, text, limit)
          local room = depart(token)
          if not room then return 0 end
          local name = redis.call('HGET', 'tcc:names', token) or token
          local nick = redis.call('HGET', 'tcc:nicks', token)
          redis.call('HDEL', 'tcc:room-of', token)
          redis.call('HDEL', 'tcc:names', token)
          redis.call('HDEL', 'tcc:nicks', token)
          if nick and redis.call('GET', 'tcc:nick:' .. nick) == token then redis.call('DEL', 'tcc:nick:' .. nick) end
          redis.call('SREM', 'tcc:srv:' .. string.match(token, '^[^/]+'), token)
          local online = redis.call('HLEN', 'tcc:room-of')
          if online >= limit then text = '' end
          emit(room, 'l', token, fill(text, name, online), 0)
          return 1
        end

        """;

    /// <summary>A client arrives: ARGV server, token, room, display, name, notice, announce limit, history. Returns {seq, history}.</summary>
    public const string Arrive = Prelude + """
        redis.call('SADD', 'tcc:srv:' .. ARGV[2], ARGV[3])
        redis.call('HSET', 'tcc:names', ARGV[3], ARGV[6])
        redis.call('HSET', 'tcc:room-of', ARGV[3], ARGV[4])
        local online = redis.call('HLEN', 'tcc:room-of')
        local text = ''
        if online <= tonumber(ARGV[8]) then text = fill(ARGV[7], ARGV[6], online) end
        return enter(ARGV[4], ARGV[5], ARGV[3], text, tonumber(ARGV[9]))
        """;

    /// <summary>
    /// /join: ARGV token, room, display, left notice, joined notice, history, the client's address.
    /// Returns {seq, history}; fails with TOOFAST and the seconds to wait when the room is new and
    /// that address opened 30 new rooms within the hour (rooms stay in Redis an hour after they empty).
    /// </summary>
    public const string Move = Prelude + """
        if redis.call('HEXISTS', 'tcc:rooms', ARGV[3]) == 0 then
          local opened = 'tcc:opened:' .. ARGV[8]
          local count = redis.call('INCR', opened)
          if count == 1 then redis.call('EXPIRE', opened, ROOM_IDLE) end
          if count > 30 then return redis.error_reply('TOOFAST ' .. redis.call('TTL', opened)) end
        end
        local old = depart(ARGV[2])
        if not old then return redis.error_reply('GONE') end
        emit(old, 'l', ARGV[2], ARGV[5], 0)
        return enter(ARGV[3], ARGV[4], ARGV[2], ARGV[6], tonumber(ARGV[7]))
        """;

    /// <summary>A client leaves: ARGV token, notice, announce limit.</summary>
    public const string Leave = Prelude + """
        return leave(ARGV[2], ARGV[3], tonumber(ARGV[4]))
        """;

    /// <summary>
    /// One sender's chat lines, numbered one after the other: ARGV room, history, then the lines.
    /// Returns the last number, or -1, numbering none, while a server's reader in the room is behind.
    /// </summary>
    public const string Say = Prelude + """
        if redis.call('EXISTS', 'tcc:room:' .. ARGV[2] .. ':held') == 1 then return -1 end
        local seq = 0
        for i = 4, #ARGV do seq = emit(ARGV[2], 'c', '', ARGV[i], tonumber(ARGV[3])) end
        return seq
        """;

    /// <summary>/nick after the nickname was claimed: ARGV token, name, folded nickname, notice.</summary>
    public const string Rename = Prelude + """
        local room = redis.call('HGET', 'tcc:room-of', ARGV[2])
        if not room then return redis.error_reply('GONE') end
        local old = redis.call('HGET', 'tcc:nicks', ARGV[2])
        if old and old ~= ARGV[4] and redis.call('GET', 'tcc:nick:' .. old) == ARGV[2] then redis.call('DEL', 'tcc:nick:' .. old) end
        redis.call('HSET', 'tcc:names', ARGV[2], ARGV[3])
        redis.call('HSET', 'tcc:nicks', ARGV[2], ARGV[4])
        return emit(room, 'n', ARGV[2], ARGV[5], 0)
        """;

    /// <summary>The compare-and-delete of the Redis SET documentation: KEYS nickname, ARGV token.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>/who: ARGV room. Returns the names in the order they entered.</summary>
    public const string Who = """
        local names = {}
        for _, token in ipairs(redis.call('ZRANGE', 'tcc:room:' .. ARGV[1] .. ':who', 0, -1)) do
          names[#names + 1] = redis.call('HGET', 'tcc:names', token) or token
        end
        return names
        """;

    /// <summary>/rooms: returns {display, count, …}.</summary>
    public const string Rooms = """
        local rooms = redis.call('HGETALL', 'tcc:rooms')
        local out = {}
        for i = 1, #rooms, 2 do
          out[#out + 1] = rooms[i + 1]
          out[#out + 1] = redis.call('ZCARD', 'tcc:room:' .. rooms[i] .. ':who')
        end
        return out
        """;

    /// <summary>
    /// /msg: ARGV folded nickname, the line (the target's name as <see cref="NoticeSlots.Name"/>), this
    /// server. Returns nil when no one has that name, else {token, name, status}: 0, a member of
    /// this server (deliver it here); 1, published to its server; -1, not sent, as the target's
    /// reader there is behind (<c>held:TOKEN</c>): the sender waits as for a room held back.
    /// </summary>
    public const string Whisper = """
        local token = redis.call('GET', 'tcc:nick:' .. ARGV[1])
        if not token then return nil end
        local name = redis.call('HGET', 'tcc:names', token) or ARGV[1]
        local server = string.match(token, '^[^/]+')
        if server == ARGV[3] then return {token, name, 0} end
        if redis.call('EXISTS', 'tcc:held:' .. token) == 1 then return {token, name, -1} end
        local text = string.gsub(ARGV[2], '%zn', function() return name end)
        redis.call('PUBLISH', 'tcc:to:' .. server, token .. '\31' .. text)
        return {token, name, 1}
        """;

    /// <summary>ARGV time to live (ms), then nickname and token pairs: renews those still held.</summary>
    public const string Renew = """
        for i = 2, #ARGV, 2 do
          if redis.call('GET', 'tcc:nick:' .. ARGV[i]) == ARGV[i + 1] then redis.call('PEXPIRE', 'tcc:nick:' .. ARGV[i], ARGV[1]) end
        end
        return 0
        """;
}
