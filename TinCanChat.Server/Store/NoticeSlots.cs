using System.Globalization;

namespace TinCanChat.Server.Store;

/// <summary>
/// Places in a notice's text that only the store can fill at the moment it acts: the member's
/// name as others know it, and how many are online. They begin with the frame delimiter, so no
/// name or text a client sends can contain them.
/// </summary>
internal static class NoticeSlots
{
    public const string Name = "\0n";

    public const string Online = "\0o";

    public static string Fill(string text, string name, long online)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(Name, name, StringComparison.Ordinal).Replace(Online, online.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
