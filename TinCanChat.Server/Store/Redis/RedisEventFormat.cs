using System.Globalization;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// A room's line as the sequencer publishes it (see <see cref="RedisScripts"/>):
/// <c>epoch \x1F seq \x1F kind \x1F token \x1F text</c>. Pure, so the wire format is tested alone.
/// </summary>
internal static class RedisEventFormat
{
    private const char Separator = '\u001f';

    /// <summary>Null when the message is not one of ours (a stray publish on the channel).</summary>
    public static RoomEvent? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(Separator, 5);
        return parts.Length == 5 && parts[2].Length == 1
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            ? new RoomEvent(parts[0], seq, parts[2][0], parts[3], parts[4])
            : null;
    }

    /// <summary>A private line to a member of a server: <c>token \x1F text</c>; null when not one of ours.</summary>
    public static (string Token, string Text)? ParsePrivate(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(Separator, 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }
}
