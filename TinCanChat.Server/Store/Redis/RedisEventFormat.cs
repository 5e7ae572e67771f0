using System.Globalization;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// What the scripts publish (see <see cref="RedisScripts"/>): a room's line as
/// <c>epoch␟seq␟kind␟token␟id␟ms␟text</c>, a private line as <c>token␟id␟ms␟text</c> (␟ is 0x1F;
/// the text may hold it). Pure, so the wire format is tested alone.
/// </summary>
internal static class RedisEventFormat
{
    private const char Separator = '\u001f';

    /// <summary>Null when the message is not one of ours (a stray publish on the channel).</summary>
    public static RoomEvent? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(Separator, 7);
        return parts.Length == 7 && parts[2].Length == 1 && Number(parts[1]) is > 0 and var seq && Number(parts[4]) is { } id && Number(parts[5]) is { } ms
            ? new RoomEvent(parts[0], seq, parts[2][0], parts[3], id, ms, parts[6])
            : null;
    }

    /// <summary>Null when the message is not one of ours.</summary>
    public static PrivateLine? ParsePrivate(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(Separator, 4);
        return parts.Length == 4 && Number(parts[1]) is { } id && Number(parts[2]) is { } ms ? new PrivateLine(parts[0], id, ms, parts[3]) : null;
    }

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
