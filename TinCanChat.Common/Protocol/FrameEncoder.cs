using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TinCanChat.Common.Protocol;

/// <summary>Turns text into one wire frame: its UTF-8 bytes followed by the terminator.</summary>
public static class FrameEncoder
{
    // Strict, so a lone surrogate fails here instead of reaching peers as U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="ArgumentException">
    /// The text contains U+0000 (it would end the frame early) or is not valid UTF-16.
    /// </exception>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "The text contains U+0000, which the wire format uses as its message terminator.",
                nameof(text));
        }

        var frame = new byte[StrictUtf8.GetByteCount(text) + 1];
        StrictUtf8.GetBytes(text, frame);
        frame[^1] = WireFormat.Terminator;
        return frame;
    }

    /// <summary>Like <see cref="Encode"/>, for text a user typed: false instead of an exception.</summary>
    public static bool TryEncode(string text, [NotNullWhen(true)] out byte[]? frame)
    {
        try
        {
            frame = Encode(text);
            return true;
        }
        catch (ArgumentException)
        {
            frame = null;
            return false;
        }
    }
}
