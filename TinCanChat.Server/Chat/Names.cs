using System.Globalization;
using System.Text;

namespace TinCanChat.Server.Chat;

/// <summary>
/// The rule for nicknames and room names (SPEC §6, §10): names that a reader would take for each
/// other are one name, or not a name. A typed name's fullwidth forms are first made plain
/// (<c>ａｌｉｃｅ</c> is <c>alice</c>, <c>＃</c> is <c>#</c>); then it must be ASCII letters,
/// digits, <c>_</c> and <c>-</c>, starting with a letter; names are compared without case
/// (<see cref="Fold"/>). So a Cyrillic or Greek letter that looks Latin, an accent, or any other
/// compatibility form (a ligature, a mathematical letter) can never be in a name, and invisible
/// and direction-control characters never are. This is what NFKC and then "ASCII only" would
/// give, except that the forms NFKC would map beyond the fullwidth ones are refused instead: the
/// server runs with invariant globalization (no ICU), where .NET does not normalise.
/// </summary>
internal static class Names
{
    public const int MaxLength = 24;

    private const int FullwidthOffset = 0xFF01 - '!';

    /// <summary>The name as it is kept and shown: fullwidth forms (U+FF01 to U+FF5E) made plain ASCII.</summary>
    public static string Normal(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return typed.Any(IsFullwidth) ? string.Concat(typed.Select(c => IsFullwidth(c) ? (char)(c - FullwidthOffset) : c)) : typed;
    }

    /// <summary>Null when valid, else why not, as the end of "* error: …". Give it the <see cref="Normal"/> form.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.FirstOrDefault(IsInvisible) is var hidden and not '\0')
        {
            // Not the name itself: a direction control would turn the error line around.
            return string.Create(CultureInfo.InvariantCulture, $"holds an invisible or direction-changing character (U+{(int)hidden:X4}), which no name may");
        }

        if (name.Length is 0 or > MaxLength)
        {
            return $"'{name}' must be 1 to {MaxLength} characters";
        }

        if (Rune.DecodeFromUtf16(name, out var first, out _) != System.Buffers.OperationStatus.Done || !Rune.IsLetter(first))
        {
            return $"'{name}' must start with a letter";
        }

        if (name.EnumerateRunes().Any(rune => !rune.IsAscii && Rune.IsLetterOrDigit(rune)))
        {
            return $"'{name}' may hold only the letters a to z (no accents, no other alphabets: so that no two names look alike), digits, _ and -";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return $"'{name}' may hold only letters, digits, _ and -";
            }
        }

        return null;
    }

    /// <summary>The form two names are compared in: names that differ only in case are one.</summary>
    public static string Fold(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant();
    }

    /// <summary>
    /// A room name as typed (<c>dev</c>, <c>#dev</c> or <c>#Dev</c>), without its <c>#</c>, in its
    /// <see cref="Normal"/> form and in lower case: rooms differing only in case are one, so it is
    /// shown one way, whoever typed it how, on every server.
    /// </summary>
    public static string Room(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var name = Fold(Normal(typed));
        return name.StartsWith('#') ? name[1..] : name;
    }

    private static bool IsFullwidth(char c) => c is >= '\uFF01' and <= '\uFF5E';

    // Format characters (zero-width spaces and joiners, bidi embeddings, overrides and isolates,
    // soft hyphens), whitespace, and the letters that draw nothing (Hangul fillers, braille blank).
    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || char.IsWhiteSpace(c) || char.IsControl(c)
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
