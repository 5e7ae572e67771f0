namespace TinCanChat.Server.Store.Redis;

/// <summary>The scripts that read a room's kept chat lines (SPEC §11): the pieces the others use, /history and /resume.</summary>
internal static partial class RedisScripts
{
    // Kept lines as {id, ms, text} triples, oldest first.
    private const string Kept = """
        local function now()
          local t = redis.call('TIME')
          return t[1] * 1000 + math.floor(t[2] / 1000)
        end
        local function kept(entries, newestFirst)
          local out = {}
          for i = 1, #entries do
            local e = entries[newestFirst and (#entries + 1 - i) or i]
            local id = string.match(e[1], '^%d+')
            local text, ms = '', '0'
            for j = 1, #e[2], 2 do
              if e[2][j] == 'x' then text = e[2][j + 1] elseif e[2][j] == 'm' then ms = e[2][j + 1] end
            end
            out[#out + 1] = {id, ms, text}
          end
          return out
        end
        -- The room's chat lines after an id (all that are kept, and how many after it are not), or its last count.
        local function replay(room, count, after)
          local key = 'tcc:room:' .. room
          local said = tonumber(redis.call('GET', key .. ':said') or '0')
          -- An id the room has not reached is of an earlier numbering (Redis lost its data): all that is kept.
          if after > said then after = 0 end
          if after >= 0 then
            local lines = redis.call('XRANGE', key .. ':chat', '(' .. after .. '-0', '+')
            local first = said + 1
            if #lines > 0 then first = tonumber(string.match(lines[1][1], '^%d+')) end
            return kept(lines, false), said, math.max(0, first - after - 1)
          end
          if count <= 0 then return {}, said, 0 end
          return kept(redis.call('XREVRANGE', key .. ':chat', '+', '-', 'COUNT', count), true), said, 0
        end

        """;

    /// <summary>/history: ARGV room, before this chat id, count. Returns up to count kept lines before it, oldest first.</summary>
    public const string Before = Kept + """
        local room, before, count = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        return kept(redis.call('XREVRANGE', 'tcc:room:' .. room .. ':chat', '(' .. before .. '-0', '-', 'COUNT', count), true)
        """;

    /// <summary>/resume in the room one is in: ARGV room, after this chat id. Returns {every kept line after it, how many after it are no longer kept}.</summary>
    public const string After = Kept + """
        local room, after = ARGV[1], tonumber(ARGV[2])
        local lines, said, gone = replay(room, 0, after)
        return {lines, gone}
        """;
}
