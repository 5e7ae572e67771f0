using System.Globalization;
using System.Text.Json;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>
/// What the scripts publish (see <see cref="RedisScripts"/>): a room's line as
/// <c>epoch␟seq␟kind␟token␟id␟ms␟text</c>, a private line as <c>token␟id␟ms␟text</c> (␟ is 0x1F;
/// the text may hold it), an order to a member as a private line of id 0 whose text is the order
/// in JSON (<c>token␟0␟0␟{"kind":…}</c>). Pure, so the wire format is tested alone.
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
        if (parts.Length != 4 || Number(parts[1]) is not { } id || Number(parts[2]) is not { } ms)
        {
            return null;
        }

        if (id != 0)
        {
            return new PrivateLine(parts[0], id, ms, parts[3]);
        }

        return ParseOrder(parts[3]) is { } order ? new PrivateLine(parts[0], 0, 0, "", order) : null;
    }

    /// <summary>An order to the member of <paramref name="token"/>, as published to its server.</summary>
    public static string Order(string token, MemberOrder order)
    {
        var wire = order switch
        {
            MemberOrder.TakeOver takeOver => new OrderWire("takeover", Account: takeOver.Account),
            MemberOrder.Kick kick => new OrderWire("kick", kick.Room, kick.By, kick.Reason),
            MemberOrder.Ban ban => new OrderWire("ban", ban.Room, ban.By),
            MemberOrder.Invite invite => new OrderWire("invite", invite.Room, invite.By),
            _ => throw new ArgumentOutOfRangeException(nameof(order)),
        };
        return $"{token}{Separator}0{Separator}0{Separator}{JsonSerializer.Serialize(wire)}";
    }

    private static MemberOrder? ParseOrder(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<OrderWire>(text) switch
            {
                { Kind: "takeover", Account: { } account } => new MemberOrder.TakeOver(account),
                { Kind: "kick", Room: { } room, By: { } by } wire => new MemberOrder.Kick(room, by, wire.Reason),
                { Kind: "ban", Room: { } room, By: { } by } => new MemberOrder.Ban(room, by),
                { Kind: "invite", Room: { } room, By: { } by } => new MemberOrder.Invite(room, by),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record OrderWire(string Kind, string? Room = null, string? By = null, string? Reason = null, string? Account = null);

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
