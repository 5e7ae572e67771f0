using System.Text.RegularExpressions;

namespace TinCanChat.Client.Display;

/// <summary>What a received line is, read from its shape (SPEC §6): who said a chat line.</summary>
internal static partial class ChatLineShape
{
    /// <summary>The speaker of a chat line (<c>NAME: text</c>), or null for a notice or anything else.</summary>
    public static string? Speaker(string line) => SpeakerPattern().Match(line) is { Success: true } said ? said.Groups["name"].Value : null;

    // A name has no spaces; a guest's is its address and port (127.0.0.1:5555, [::1]:5555), so the
    // name ends at the first ": ".
    [GeneratedRegex(@"^(?<name>[^\s*]\S*?): ")]
    private static partial Regex SpeakerPattern();
}
