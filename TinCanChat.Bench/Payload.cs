using System.Buffers.Text;

namespace TinCanChat.Bench;

/// <summary>
/// The benchmark's message text: a marker, the sender, a sequence number and a send timestamp
/// in fixed-width ASCII, padded to the requested size. Parsed in place, without allocating,
/// wherever it appears in a frame (servers prefix it with their own label).
/// </summary>
internal static class Payload
{
    public const int MinimumSize = HeaderLength;

    private const int SenderDigits = 6;
    private const int SequenceDigits = 10;
    private const int TimestampDigits = 19;
    private const int HeaderLength = 3 + SenderDigits + 1 + SequenceDigits + 1 + TimestampDigits;

    private static readonly byte[] Marker = "~TC"u8.ToArray();
    private static readonly byte[] BarrierMarker = "~BARRIER"u8.ToArray();

    /// <summary>A barrier frame of round <paramref name="round"/> (1, 2, …).</summary>
    public static byte[] Barrier(int round)
    {
        var frame = new byte[BarrierMarker.Length + 1 + SequenceDigits + 1];
        BarrierMarker.CopyTo(frame, 0);
        frame[BarrierMarker.Length] = (byte)' ';
        WriteFixed(frame.AsSpan(BarrierMarker.Length + 1), round, SequenceDigits);
        return frame;
    }

    /// <summary>Writes one frame (payload + terminator) of <paramref name="size"/> payload bytes.</summary>
    public static int Write(Span<byte> destination, int size, int sender, long sequence, long timestamp)
    {
        var span = destination[..(size + 1)];
        Marker.CopyTo(span);
        var at = Marker.Length;
        at += WriteFixed(span[at..], sender, SenderDigits);
        span[at++] = (byte)' ';
        at += WriteFixed(span[at..], sequence, SequenceDigits);
        span[at++] = (byte)' ';
        at += WriteFixed(span[at..], timestamp, TimestampDigits);
        span[at..size].Fill((byte)'x');
        span[size] = 0;
        return size + 1;
    }

    /// <summary>The round of a barrier frame, or 0 if the frame is not one.</summary>
    public static int BarrierRound(ReadOnlySpan<byte> frame)
    {
        var start = frame.IndexOf(BarrierMarker);
        var digits = start + BarrierMarker.Length + 1;
        return start >= 0 && frame.Length >= digits + SequenceDigits
            && Utf8Parser.TryParse(frame.Slice(digits, SequenceDigits), out int round, out _) ? round : 0;
    }

    /// <summary>Finds and parses a payload inside <paramref name="frame"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out int sender, out long sequence, out long timestamp)
    {
        sender = 0;
        sequence = timestamp = 0;
        var start = frame.IndexOf(Marker);
        if (start < 0 || frame.Length - start < HeaderLength)
        {
            return false;
        }

        var header = frame.Slice(start + Marker.Length, HeaderLength - Marker.Length);
        return Utf8Parser.TryParse(header[..SenderDigits], out sender, out _)
            && Utf8Parser.TryParse(header.Slice(SenderDigits + 1, SequenceDigits), out sequence, out _)
            && Utf8Parser.TryParse(header.Slice(SenderDigits + 1 + SequenceDigits + 1, TimestampDigits), out timestamp, out _);
    }

    private static int WriteFixed(Span<byte> destination, long value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return digits;
    }
}
