namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// The Lua scripts that change the shared chat, each one atomic in Redis. Every line of a room
/// goes through <c>emit</c>, the room's sequencer: it numbers the line, appends it to the room's
/// log (a stream, for servers that missed it) and publishes it; servers deliver only what they
/// get back from it, so every member everywhere sees one order. A chat line also gets the room's
/// next chat id and Redis's time, and is kept in the room's chat stream (SPEC §11). Keys (all under <c>tcc:</c>):
/// <list type="bullet">
/// <item><c>epoch</c>: made by the first server; a missing or other one means Redis was emptied.</item>
/// <item><c>room:R:seq</c>, <c>room:R:log</c> (stream, ids <c>seq-0</c>, about the last 1 000 lines and at most about 2 MiB: far more than a reconnect misses),
/// both expiring an hour after the room's last member left, unless someone enters before;
/// <c>room:R:said</c> (the last chat id) and <c>room:R:chat</c> (stream, ids <c>id-0</c>, fields <c>x</c> text and <c>m</c> time in ms: the last
/// <c>--history-keep</c> chat lines within <c>--history-bytes</c>), expiring a week after the room's last member left;
/// <c>room:R:who</c> (sorted set of member tokens by entry), <c>room:R:held</c> (a server's reader is behind); channel <c>room:R</c>.</item>
/// <item><c>rooms</c> (room key → display name), <c>room-of</c>, <c>names</c>, <c>nicks</c> (member token → room key,
/// shown name, case-folded nickname), <c>also:TOKEN</c> (set: a member's other rooms, with <c>/cap rooms</c>), <c>nick:N</c> (→ token, with expiry), <c>held:TOKEN</c> (that member's reader is behind: private lines wait), <c>opened:ADDRESS</c> (new rooms that address opened this hour), <c>private-id</c> (the last private line's id).</item>
/// <item><c>servers</c> (set), <c>hb:S</c> (heartbeat with expiry), <c>srv:S</c> (its member tokens); channel <c>to:S</c>.</item>
/// </list>
/// ARGV[1] of the guarded scripts is the epoch the server knows: another one fails with EPOCH.
/// Each script names its arguments first (Lua locals). Keys are built inside the scripts from
/// those names (a member's room is looked up, not known beforehand), so they are not declared
/// as KEYS: one Redis, not a Redis Cluster.
/// Line texts carry <see cref="NoticeSlots"/> filled in here: <c>\0n</c> the name, <c>\0o</c> the count online.
/// Published: <c>epoch␟seq␟kind␟token␟id␟ms␟text</c> on <c>room:R</c>, <c>token␟id␟ms␟text</c> on <c>to:S</c> (<see cref="RedisEventFormat"/>).
/// </summary>
internal static partial class RedisScripts
{
    private const string Prelude = Kept + """
        local E = ARGV[1]
        if redis.call('GET', 'tcc:epoch') ~= E then return redis.error_reply('EPOCH') end
        local ROOM_IDLE, CHAT_IDLE, LOG_BYTES = 3600, 604800, 2097152
        local function fits(count, text, bytes) return math.max(1, math.min(count, math.floor(bytes / math.max(1, #text)))) end
        local function expire(room, ttl)
          local key = 'tcc:room:' .. room
          for _, suffix in ipairs({':seq', ':log'}) do
            if ttl then redis.call('EXPIRE', key .. suffix, ttl) else redis.call('PERSIST', key .. suffix) end
          end
          for _, suffix in ipairs({':said', ':chat'}) do
            if ttl then redis.call('EXPIRE', key .. suffix, CHAT_IDLE) else redis.call('PERSIST', key .. suffix) end
          end
        end
        local function fill(text, name, online, room)
          text = string.gsub(text, '%zn', function() return name end)
          text = string.gsub(text, '%zr', function() return room or '' end)
          return (string.gsub(text, '%zo', function() return tostring(online) end))
        end
        -- keep, bytes: for a chat line, how many chat lines and bytes the room keeps.
        local function emit(room, kind, token, text, keep, bytes)
          local key = 'tcc:room:' .. room
          local seq = redis.call('INCR', key .. ':seq')
          local id, ms = 0, 0
          if kind == 'c' then
            id = redis.call('INCR', key .. ':said')
            ms = now()
            if keep > 0 then
              redis.call('XADD', key .. ':chat', 'MAXLEN', fits(keep, text, bytes), id .. '-0', 'x', text, 'm', ms)
            end
          end
          local lines = fits(1000, text, LOG_BYTES)
          if lines >= 1000 then
            redis.call('XADD', key .. ':log', 'MAXLEN', '~', 1000, seq .. '-0', 'k', kind, 't', token, 'i', id, 'm', ms, 'x', text)
          else
            redis.call('XADD', key .. ':log', 'MAXLEN', math.max(16, lines), seq .. '-0', 'k', kind, 't', token, 'i', id, 'm', ms, 'x', text)
          end
          redis.call('PUBLISH', key, E .. '\31' .. seq .. '\31' .. kind .. '\31' .. token .. '\31' .. id .. '\31' .. ms .. '\31' .. text)
          return seq
        end
        -- Returns {seq, history (or the lines after 'after'), last chat id, lines after 'after' no longer kept}.
        local function enter(room, display, token, text, history, after)
          expire(room, nil)
          redis.call('HSET', 'tcc:room-of', token, room)
          redis.call('HSETNX', 'tcc:rooms', room, display)
          local lines, said, gone = replay(room, history, after)
          local seq = emit(room, 'j', token, text, 0, 0)
          redis.call('ZADD', 'tcc:room:' .. room .. ':who', seq, token)
          return {seq, lines, said, gone}
        end
        local function vacate(room, token)
          local who = 'tcc:room:' .. room .. ':who'
          redis.call('ZREM', who, token)
          if redis.call('ZCARD', who) == 0 then
            redis.call('HDEL', 'tcc:rooms', room)
            expire(room, ROOM_IDLE)
          end
        end
        local function depart(token)
          local room = redis.call('HGET', 'tcc:room-of', token)
          if not room then return nil end
          vacate(room, token)
          return room
        end
        -- Every room of the member: room-of's, then its others (also:TOKEN, with /cap rooms).
        local function rooms_of(token)
          local rooms = {redis.call('HGET', 'tcc:room-of', token)}
          if not rooms[1] then return {} end
          for _, other in ipairs(redis.call('SMEMBERS', 'tcc:also:' .. token)) do rooms[#rooms + 1] = other end
          return rooms
        end
        -- TOOFAST when the room is new and that address opened 30 within the hour.
        local function too_fast(room, address)
          if redis.call('HEXISTS', 'tcc:rooms', room) == 1 then return nil end
          local opened = 'tcc:opened:' .. address
          local count = redis.call('INCR', opened)
          if count == 1 then redis.call('EXPIRE', opened, ROOM_IDLE) end
          if count > 30 then return redis.error_reply('TOOFAST ' .. redis.call('TTL', opened)) end
          return nil
        end
        -- elsewhere: what its rooms but the first see (default: text).
        local function leave(token, text, limit, elsewhere)
          local rooms = rooms_of(token)
          if #rooms == 0 then return 0 end
          for _, room in ipairs(rooms) do vacate(room, token) end
          local name = redis.call('HGET', 'tcc:names', token) or token
          local nick = redis.call('HGET', 'tcc:nicks', token)
          redis.call('HDEL', 'tcc:room-of', token)
          redis.call('DEL', 'tcc:also:' .. token)
          redis.call('HDEL', 'tcc:names', token)
          redis.call('HDEL', 'tcc:nicks', token)
          if nick and redis.call('GET', 'tcc:nick:' .. nick) == token then redis.call('DEL', 'tcc:nick:' .. nick) end
          redis.call('SREM', 'tcc:srv:' .. string.match(token, '^[^/]+'), token)
          local online = redis.call('HLEN', 'tcc:room-of')
          if online >= limit then text = '' end
          for i, room in ipairs(rooms) do
            local said = text
            if i > 1 and text ~= '' and elsewhere and elsewhere ~= '' then said = elsewhere end
            emit(room, 'l', token, fill(said, name, online, room), 0, 0)
          end
          return 1
        end

        """;

    /// <summary>A client arrives: ARGV server, token, room, display, name, notice, announce limit, history. Returns what <c>enter</c> does.</summary>
    public const string Arrive = Prelude + """
        local server, token, room, display, name, notice = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
        local limit, history, nick = tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
        redis.call('SADD', 'tcc:srv:' .. server, token)
        redis.call('HSET', 'tcc:names', token, name)
        if nick ~= '' then redis.call('HSET', 'tcc:nicks', token, nick) end
        redis.call('HSET', 'tcc:room-of', token, room)
        local online = redis.call('HLEN', 'tcc:room-of')
        local text = ''
        if online <= limit then text = fill(notice, name, online) end
        return enter(room, display, token, text, history, -1)
        """;

    /// <summary>
    /// /join: ARGV token, room, display, left notice, joined notice, history, the client's address,
    /// the chat id to replay after (/resume; -1: the last history lines instead). Returns what
    /// <c>enter</c> does; fails with TOOFAST and the seconds to wait when the room is new and
    /// that address opened 30 new rooms within the hour (rooms stay in Redis an hour after they empty).
    /// </summary>
    public const string Move = Prelude + """
        local token, room, display, leftNotice, joinedNotice = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local history, address, after = tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[9])
        local refused = too_fast(room, address)
        if refused then return refused end
        local old = depart(token)
        if not old then return redis.error_reply('GONE') end
        emit(old, 'l', token, leftNotice, 0, 0)
        return enter(room, display, token, joinedNotice, history, after)
        """;

    /// <summary>A client leaves: ARGV token, notice, announce limit, the notice of its other rooms.</summary>
    public const string Leave = Prelude + """
        local token, notice, limit, elsewhere = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
        return leave(token, notice, limit, elsewhere)
        """;

    /// <summary>
    /// One sender's chat lines, numbered one after the other: ARGV room, lines kept, bytes kept, then the lines.
    /// Returns the last number, or -1, numbering none, while a server's reader in the room is behind.
    /// </summary>
    public const string Say = Prelude + """
        local room, keep, bytes, first = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), 5
        if redis.call('EXISTS', 'tcc:room:' .. room .. ':held') == 1 then return -1 end
        local seq = 0
        for i = first, #ARGV do seq = emit(room, 'c', '', ARGV[i], keep, bytes) end
        return seq
        """;

    /// <summary>/nick after the nickname was claimed: ARGV token, name, folded nickname, notice.</summary>
    public const string Rename = Prelude + """
        local token, name, nick, notice = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local rooms = rooms_of(token)
        if #rooms == 0 then return redis.error_reply('GONE') end
        local old = redis.call('HGET', 'tcc:nicks', token)
        if old and old ~= nick and redis.call('GET', 'tcc:nick:' .. old) == token then redis.call('DEL', 'tcc:nick:' .. old) end
        redis.call('HSET', 'tcc:names', token, name)
        redis.call('HSET', 'tcc:nicks', token, nick)
        for _, room in ipairs(rooms) do emit(room, 'n', token, notice, 0, 0) end
        return 0
        """;

    /// <summary>The compare-and-delete of the Redis SET documentation: KEYS nickname, ARGV token.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>/who: ARGV room. Returns the names in the order they entered.</summary>
    public const string Who = """
        local room = ARGV[1]
        local names = {}
        for _, token in ipairs(redis.call('ZRANGE', 'tcc:room:' .. room .. ':who', 0, -1)) do
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
    /// server. Returns nil when no one has that name, else {token, name, status, id, ms}: 0, a
    /// member of this server (deliver it here); 1, published to its server; -1, not sent, as the
    /// target's reader there is behind (<c>held:TOKEN</c>): the sender waits as for a room held back.
    /// </summary>
    public const string Whisper = Kept + """
        local nick, line, here = ARGV[1], ARGV[2], ARGV[3]
        local token = redis.call('GET', 'tcc:nick:' .. nick)
        if not token then return nil end
        local name = redis.call('HGET', 'tcc:names', token) or nick
        local server = string.match(token, '^[^/]+')
        if server ~= here and redis.call('EXISTS', 'tcc:held:' .. token) == 1 then return {token, name, -1, 0, 0} end
        local id, ms = redis.call('INCR', 'tcc:private-id'), now()
        if server == here then return {token, name, 0, id, ms} end
        local text = string.gsub(line, '%zn', function() return name end)
        redis.call('PUBLISH', 'tcc:to:' .. server, token .. '\31' .. id .. '\31' .. ms .. '\31' .. text)
        return {token, name, 1, id, ms}
        """;

    /// <summary>ARGV time to live (ms), then nickname and token pairs: renews those still held.</summary>
    public const string Renew = """
        for i = 2, #ARGV, 2 do
          if redis.call('GET', 'tcc:nick:' .. ARGV[i]) == ARGV[i + 1] then redis.call('PEXPIRE', 'tcc:nick:' .. ARGV[i], ARGV[1]) end
        end
        return 0
        """;
}
