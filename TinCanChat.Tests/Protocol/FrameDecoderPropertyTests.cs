using System.Text;
using CsCheck;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Tests.Protocol;

public class FrameDecoderPropertyTests
{
    [Test]
    public void Decode_AnySplitOfAnyByteStream_GivesTheSameFrames()
    {
        // Valid text (with multi-byte characters), invalid bytes and terminators in any order,
        // cut at random places: the decoder must not care where the reads ended.
        var piece = Gen.OneOf(
            Gen.String.Select(text => Encoding.UTF8.GetBytes(text.Replace('\0', ' '))),
            Gen.Byte.Array[0, 8],
            Gen.Const(new byte[] { 0 }));
        var stream = piece.Array[0, 20].Select(pieces => pieces.SelectMany(bytes => bytes).ToArray());
        Gen.Select(stream, Gen.Int[1, 64].Array[1, 40]).Sample(
            (bytes, cuts) =>
            {
                var whole = DecodeInReads(bytes, [bytes.Length]);
                var split = DecodeInReads(bytes, cuts);
                Assert.That(split, Is.EqualTo(whole));
            },
            iter: 2000);
    }

    private static List<DecodedFrame> DecodeInReads(byte[] bytes, int[] readSizes)
    {
        var decoder = new FrameDecoder(1024);
        var frames = new List<DecodedFrame>();
        var at = 0;
        for (var i = 0; at < bytes.Length; i++)
        {
            var size = Math.Min(readSizes[i % readSizes.Length], bytes.Length - at);
            decoder.Decode(bytes.AsSpan(at, size), frames);
            at += size;
        }

        return frames;
    }
}
