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
    /// The text without its prefix, when it was said (null for a line without one), and whether it
    /// was shown already (a room's line whose id is not past the last one seen there).
    /// </summary>
    public (string Text, DateTimeOffset? SaidAt, bool Seen) Take(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Prefix().Match(line) is not { Success: true } match)
        {
            return (line, null, false);
        }

        var room = match.Groups["room"].Value;
        var id = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
        var seen = false;
        if (room != "~")
        {
            seen = _last.TryGetValue(room, out var last) && id <= last;
            _last[room] = Math.Max(id, last);
        }

        var saidAt = long.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return (line[match.Length..], saidAt, seen);
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
