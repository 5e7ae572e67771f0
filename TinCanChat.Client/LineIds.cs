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

    /// <summary>The text without its prefix, and when it was said (null for a line without one).</summary>
    public (string Text, DateTimeOffset? SaidAt) Take(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Prefix().Match(line) is not { Success: true } match)
        {
            return (line, null);
        }

        var room = match.Groups["room"].Value;
        var id = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
        if (room != "~")
        {
            _last[room] = Math.Max(id, _last.GetValueOrDefault(room));
        }

        var saidAt = long.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return (line[match.Length..], saidAt);
    }

    /// <summary>The last id seen in the room (<c>#name</c> or <c>name</c>), if any.</summary>
    public long? LastIn(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return _last.TryGetValue("#" + room.TrimStart('#'), out var id) ? id : null;
    }

    [GeneratedRegex(@"^@(?<room>~|#[^:\s]+):(?<id>\d{1,18}):(?<time>\d{1,15}) ")]
    private static partial Regex Prefix();
}
