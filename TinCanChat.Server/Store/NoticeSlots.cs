using System.Globalization;

namespace TinCanChat.Server.Store;

/// <summary>
/// Places in a notice's text that only the store can fill at the moment it acts: the member's
/// name as others know it, how many are online, the room. They begin with the frame delimiter, so no
/// name or text a client sends can contain them.
/// </summary>
internal static class NoticeSlots
{
    public const string Name = "\0n";

    public const string Online = "\0o";

    /// <summary>The room it is said in (a leave seen in each of a member's several rooms).</summary>
    public const string Room = "\0r";

    public static string Fill(string text, string name, long online, string room = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(Name, name, StringComparison.Ordinal).Replace(Online, online.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(Room, room, StringComparison.Ordinal);
    }
}
