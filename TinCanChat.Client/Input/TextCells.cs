using System.Globalization;
using Wcwidth;

namespace TinCanChat.Client.Input;

/// <summary>
/// Text as a terminal shows it: grapheme clusters (what a person calls one character: an emoji
/// with its skin tone or ZWJ sequence, a letter with its accents, a flag) and the cells each
/// takes, from the Wcwidth tables.
/// </summary>
internal static class TextCells
{
    /// <summary>Where each cluster starts, then the text's length.</summary>
    public static List<int> Boundaries(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var boundaries = new List<int> { 0 };
        for (var at = 0; at < text.Length;)
        {
            at += StringInfo.GetNextTextElementLength(text, at);
            boundaries.Add(at);
        }

        return boundaries;
    }

    /// <summary>The cluster boundary before <paramref name="index"/> (0 at the start).</summary>
    public static int Previous(string text, int index) => Boundaries(text).LastOrDefault(boundary => boundary < index);

    /// <summary>The cluster boundary after <paramref name="index"/> (the length at the end).</summary>
    public static int Next(string text, int index)
    {
        var boundaries = Boundaries(text);
        return boundaries.FirstOrDefault(boundary => boundary > index, boundaries[^1]);
    }

    /// <summary>Cells one cluster takes: 0, 1 or 2.</summary>
    public static int Width(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var width = 0;
        var regionalIndicators = 0;
        foreach (var rune in cluster.EnumerateRunes())
        {
            if (rune.Value == 0xFE0F)
            {
                // Variation selector 16 asks for the emoji presentation: two cells.
                return 2;
            }

            if (rune.Value is >= 0x1F1E6 and <= 0x1F1FF)
            {
                regionalIndicators++;
            }

            width = Math.Max(width, UnicodeCalculator.GetWidth(rune));
        }

        return regionalIndicators >= 2 ? 2 : Math.Clamp(width, 0, 2);
    }

    /// <summary>Cells a whole text takes.</summary>
    public static int Width(string text, int start, int end)
    {
        var cells = 0;
        var boundaries = Boundaries(text);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            if (boundaries[i] >= start && boundaries[i + 1] <= end)
            {
                cells += Width(text[boundaries[i]..boundaries[i + 1]]);
            }
        }

        return cells;
    }
}
