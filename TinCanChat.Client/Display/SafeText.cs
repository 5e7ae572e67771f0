using System.Globalization;
using System.Text;

namespace TinCanChat.Client.Display;

/// <summary>
/// Makes received text safe to print (SPEC §8): no sender can start a line at column 0 or
/// send the terminal a control sequence.
/// </summary>
internal static class SafeText
{
    /// <summary>What continues a message after an embedded line break.</summary>
    public const string Continuation = "\n  ";

    public static string ForDisplay(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (Escape(c) is { } escaped)
            {
                shown.Append(escaped);
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (Escape(c) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // Null means the character is shown as it is.
    private static string? Escape(char c) => c switch
    {
        '\t' => null,
        '\n' or '\u2028' or '\u2029' => Continuation,
        '\u007F' => "^?",
        < ' ' => $"^{(char)(c + 0x40)}",
        // C1 controls, as their 7-bit form ESC + letter: U+009B (CSI) shows as ^[[.
        >= '\u0080' and <= '\u009F' => $"^[{(char)(c - 0x40)}",
        // Bidirectional overrides could make a line read as if someone else wrote it.
        (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => string.Create(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>"),
        _ => null,
    };
}
