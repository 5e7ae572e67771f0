using System.Buffers.Binary;

namespace TinCanChat.Common.Protocol;

/// <summary>
/// The server's side of RFC 6455 §5.2 for the one kind of frame a fan-out sends: a whole text
/// message, unmasked (a server's frames are), uncompressed (none is negotiated). Pure: lines of
/// the framing in, WebSocket frames out, so a batch of lines becomes one write.
/// </summary>
public static class WebSocketTextFrames
{
    private const byte FinalText = 0x81;

    /// <summary>The bytes <paramref name="frames"/> (terminated lines of the framing) take as WebSocket text frames.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> frames)
    {
        var total = 0;
        while (!frames.IsEmpty)
        {
            var end = frames.IndexOf(WireFormat.Terminator);
            var length = end < 0 ? frames.Length : end;
            total += HeaderLength(length) + length;
            frames = end < 0 ? [] : frames[(end + 1)..];
        }

        return total;
    }

    /// <summary>Writes each terminated line of <paramref name="frames"/> as one text frame; returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> frames, Span<byte> destination)
    {
        var written = 0;
        while (!frames.IsEmpty)
        {
            var end = frames.IndexOf(WireFormat.Terminator);
            var line = end < 0 ? frames : frames[..end];
            written += WriteHeader(line.Length, destination[written..]);
            line.CopyTo(destination[written..]);
            written += line.Length;
            frames = end < 0 ? [] : frames[(end + 1)..];
        }

        return written;
    }

    private static int HeaderLength(int payload) => payload < 126 ? 2 : payload <= ushort.MaxValue ? 4 : 10;

    private static int WriteHeader(int payload, Span<byte> destination)
    {
        destination[0] = FinalText;
        if (payload < 126)
        {
            destination[1] = (byte)payload;
            return 2;
        }

        if (payload <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload);
        return 10;
    }
}
