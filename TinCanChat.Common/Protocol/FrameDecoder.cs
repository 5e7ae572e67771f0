using System.Text;

namespace TinCanChat.Common.Protocol;

/// <summary>
/// Splits a byte stream into frames. Feed it whatever each read returned; it reports every
/// complete frame and keeps the unfinished tail for the next call. Not thread-safe: one per
/// connection, used by that connection's receive thread.
/// </summary>
public sealed class FrameDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly int _maxFrameBytes;
    private byte[] _pending = [];
    private int _pendingCount;

    // After an oversized report, the rest of that frame up to its terminator is dropped.
    private bool _skippingOversized;

    /// <param name="maxFrameBytes">Largest frame body accepted, terminator not counted.</param>
    public FrameDecoder(int maxFrameBytes = WireFormat.DefaultMaxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>True when bytes of an unfinished frame are waiting for their terminator.</summary>
    public bool HasPartialFrame => _pendingCount > 0;

    /// <summary>Decodes <paramref name="chunk"/> and adds each frame it completes to <paramref name="frames"/>.</summary>
    public void Decode(ReadOnlySpan<byte> chunk, ICollection<DecodedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOf(WireFormat.Terminator);
            if (end < 0)
            {
                Hold(chunk, frames);
                return;
            }

            CompleteFrame(chunk[..end], frames);
            chunk = chunk[(end + 1)..];
        }
    }

    private void CompleteFrame(ReadOnlySpan<byte> body, ICollection<DecodedFrame> frames)
    {
        if (_skippingOversized)
        {
            _skippingOversized = false;
            return;
        }

        if (_pendingCount + body.Length > _maxFrameBytes)
        {
            _pendingCount = 0;
            frames.Add(DecodedFrame.Oversized);
            return;
        }

        if (_pendingCount == 0)
        {
            frames.Add(ToFrame(body));
            return;
        }

        Append(body);
        frames.Add(ToFrame(_pending.AsSpan(0, _pendingCount)));
        _pendingCount = 0;
    }

    private void Hold(ReadOnlySpan<byte> tail, ICollection<DecodedFrame> frames)
    {
        if (_skippingOversized)
        {
            return;
        }

        if (_pendingCount + tail.Length > _maxFrameBytes)
        {
            _pendingCount = 0;
            _skippingOversized = true;
            frames.Add(DecodedFrame.Oversized);
            return;
        }

        Append(tail);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _pendingCount + bytes.Length;
        if (needed > _pending.Length)
        {
            // Grow geometrically but never past the cap, so a hostile peer cannot make us hold more.
            var size = Math.Min(Math.Max(needed, Math.Max(256, _pending.Length * 2)), _maxFrameBytes);
            Array.Resize(ref _pending, size);
        }

        bytes.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount = needed;
    }

    private static DecodedFrame ToFrame(ReadOnlySpan<byte> body)
    {
        try
        {
            return DecodedFrame.Message(StrictUtf8.GetString(body));
        }
        catch (DecoderFallbackException)
        {
            return DecodedFrame.InvalidUtf8;
        }
    }
}
