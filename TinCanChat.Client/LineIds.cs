using System.Globalization;
using System.Text.RegularExpressions;

namespace TinCanChat.Client;

/// <summary>
/// The ids a server puts in front of lines after <c>/cap ids</c> (SPEC §11:
/// <c>@#room:ID:TIME text</c>, <c>~</c> as the room of a private line): taken off before display,
/// and the last id of each room remembered, so a reconnect can <c>/resume</c> where it stopped.
/// Pure; the receive thread's alone, read by it when it reconnects.
/// </summary>
internal sealed partial class LineIds
{
    private readonly Dictionary<string, long> _last = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The text without its prefix, when it was said (null for a line without one), whether it
    /// was shown already, and its room (<c>~</c> for a private line; null without a prefix). Only <see cref="LineKind.Resumed"/> lines (the answer to a <c>/resume</c>,
    /// and those held while it was on its way) can repeat what was shown: one whose id is not past
    /// the last one seen in its room was. A live line is new, and its id is the room's last from now
    /// on, also when it is lower: a server that lost its lines (memory only, or a Redis without
    /// persistence) numbers them from 1 again. A replayed older line changes nothing.
    /// </summary>
    public (string Text, DateTimeOffset? SaidAt, bool Seen, string? Room) Take(string line, LineKind kind = LineKind.Live)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Prefix().Match(line) is not { Success: true } match)
        {
            return (line, null, false, null);
        }

        var room = match.Groups["room"].Value;
        var id = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
        var seen = false;
        if (room != "~")
        {
            var known = _last.TryGetValue(room, out var last);
            seen = kind == LineKind.Resumed && known && id <= last;
            _last[room] = kind switch
            {
                LineKind.Live => id,
                LineKind.Resumed => Math.Max(id, last),
                _ => known ? last : id,
            };
        }

        var saidAt = long.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return (line[match.Length..], saidAt, seen, room);
    }

    /// <summary>
    /// The answer to <c>/cap ids</c> (<c>* capabilities: ids (#room at ID)</c>): unless
    /// <paramref name="resuming"/> (when what came before it is dropped and resumed instead), the
    /// room's lines so far, shown without ids, count as seen. False for any other line.
    /// </summary>
    public bool TakeIdsOn(string line, bool resuming = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (IdsOn().Match(line) is not { Success: true } match)
        {
            return line == "* capabilities: ids";
        }

        if (!resuming)
        {
            var room = match.Groups["room"].Value;
            _last[room] = Math.Max(long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture), _last.GetValueOrDefault(room));
        }

        return true;
    }

    /// <summary>Whether the line carries an id.</summary>
    public static bool HasId(string line) => Prefix().IsMatch(line);

    /// <summary>The line without its id prefix, if it has one.</summary>
    public static string TextOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line[Prefix().Match(line).Length..];
    }

    /// <summary>The id in front of a line that has one (<see cref="HasId"/>).</summary>
    public static long IdOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return long.Parse(Prefix().Match(line).Groups["id"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The answer to a <c>/resume</c> starts at this line: if its id is not past the last one seen
    /// in its room, the server numbered the room anew (it replays what it kept from the start),
    /// and the room's lines count from just before it.
    /// </summary>
    public void ResumedFrom(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Prefix().Match(line) is { Success: true } match && match.Groups["room"].Value is var room and not "~"
            && long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture) is var id && _last.TryGetValue(room, out var last) && id <= last)
        {
            _last[room] = id - 1;
        }
    }

    /// <summary>The last id seen in the room (<c>#name</c> or <c>name</c>), if any.</summary>
    public long? LastIn(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return _last.TryGetValue("#" + room.TrimStart('#'), out var id) ? id : null;
    }

    [GeneratedRegex(@"^\* capabilities: ids \((?<room>#\S+) at (?<id>\d{1,18})\)$")]
    private static partial Regex IdsOn();

    [GeneratedRegex(@"^@(?<room>~|#[^:\s]+):(?<id>\d{1,18}):(?<time>\d{1,15}) ")]
    private static partial Regex Prefix();
}

/// <summary>Where a line with an id comes from, for <see cref="LineIds.Take"/>.</summary>
internal enum LineKind
{
    /// <summary>Said now.</summary>
    Live,

    /// <summary>Replayed between history markers (entering a room, <c>/history</c>): said before.</summary>
    History,

    /// <summary>The answer to a <c>/resume</c>, or held while it was on its way.</summary>
    Resumed,
}
