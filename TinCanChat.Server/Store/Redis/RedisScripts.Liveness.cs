namespace TinCanChat.Server.Store.Redis;

/// <summary>The scripts of liveness: a server's heartbeat, taking out dead servers' members, and putting this server's members back.</summary>
internal static partial class RedisScripts
{
    /// <summary>ARGV server, heartbeat ms. Returns 1 if the server was not registered (new, or given up for dead).</summary>
    public const string Heartbeat = Prelude + """
        redis.call('SET', 'tcc:hb:' .. ARGV[2], 1, 'PX', ARGV[3])
        return redis.call('SADD', 'tcc:servers', ARGV[2])
        """;

    /// <summary>
    /// Every server whose heartbeat expired (ARGV server = this one, notice, announce limit; or
    /// ARGV[5] = a server to take out now, for a clean stop) loses its members, each with a leave
    /// notice. Taking it out of the set first makes that happen once however many notice it.
    /// </summary>
    public const string Reap = Prelude + """
        local gone = 0
        for _, server in ipairs(redis.call('SMEMBERS', 'tcc:servers')) do
          local dead = server == ARGV[5] or (server ~= ARGV[2] and redis.call('EXISTS', 'tcc:hb:' .. server) == 0)
          if dead and redis.call('SREM', 'tcc:servers', server) == 1 then
            for _, token in ipairs(redis.call('SMEMBERS', 'tcc:srv:' .. server)) do gone = gone + leave(token, ARGV[3], tonumber(ARGV[4])) end
            redis.call('DEL', 'tcc:srv:' .. server, 'tcc:hb:' .. server)
          end
        end
        return gone
        """;

    /// <summary>
    /// Puts this server's members back as they are here (after Redis was emptied, or this server
    /// was given up for dead): ARGV server, heartbeat ms, leave notice, announce limit, nickname ms,
    /// arrival notice (when the others saw them leave; '' after Redis was emptied), then token, room,
    /// display, name, folded nickname (or ''), other rooms ('key display key display …', with
    /// /cap rooms) for each member. Members Redis has and this server no longer has leave; a
    /// member on its way in (room '') is kept as Redis has it.
    /// Returns the tokens whose nickname someone else took meanwhile.
    /// </summary>
    public const string Sync = Prelude + """
        local keep, lost = {}, {}
        local function put_back(token, room, display, text)
          expire(room, nil)
          redis.call('HSETNX', 'tcc:rooms', room, display)
          local seq = tonumber(redis.call('GET', 'tcc:room:' .. room .. ':seq') or '0')
          if ARGV[7] ~= '' then seq = emit(room, 'j', token, text, 0, 0) end
          redis.call('ZADD', 'tcc:room:' .. room .. ':who', seq, token)
        end
        for i = 8, #ARGV, 6 do
          local token, room, display, name, nick, others = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
          keep[token] = true
          redis.call('SADD', 'tcc:srv:' .. ARGV[2], token)
          if room ~= '' and not redis.call('HGET', 'tcc:room-of', token) then
            redis.call('HSET', 'tcc:room-of', token, room)
            local online = redis.call('HLEN', 'tcc:room-of')
            local text = ''
            if ARGV[7] ~= '' and online <= tonumber(ARGV[5]) then text = fill(ARGV[7], name, online) end
            put_back(token, room, display, text)
            local key = nil
            for word in string.gmatch(others, '%S+') do
              if key then
                redis.call('SADD', 'tcc:also:' .. token, key)
                put_back(token, key, word, text)
                key = nil
              else
                key = word
              end
            end
          end
          redis.call('HSET', 'tcc:names', token, name)
          if nick ~= '' then
            redis.call('SET', 'tcc:nick:' .. nick, token, 'NX', 'PX', ARGV[6])
            if redis.call('GET', 'tcc:nick:' .. nick) == token then
              redis.call('HSET', 'tcc:nicks', token, nick)
            else
              redis.call('HDEL', 'tcc:nicks', token)
              lost[#lost + 1] = token
            end
          end
        end
        for _, token in ipairs(redis.call('SMEMBERS', 'tcc:srv:' .. ARGV[2])) do
          if not keep[token] then
            leave(token, ARGV[4], tonumber(ARGV[5]))
            redis.call('SREM', 'tcc:srv:' .. ARGV[2], token)
          end
        end
        redis.call('SET', 'tcc:hb:' .. ARGV[2], 1, 'PX', ARGV[3])
        redis.call('SADD', 'tcc:servers', ARGV[2])
        return lost
        """;
}
