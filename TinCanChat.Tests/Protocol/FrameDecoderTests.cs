using System.Text;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Tests.Protocol;

public class FrameDecoderTests
{
    [Test]
    public void Decode_CaerphillyIllchesterBrieSplitAsInTheOriginal_YieldsEachMessageWhenComplete()
    {
        var decoder = new FrameDecoder();

        var first = DecodeChunk(decoder, "caerphil");
        var second = DecodeChunk(decoder, "ly\0illchester\0br");
        var third = DecodeChunk(decoder, "ie\0");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Empty);
            Assert.That(second, Is.EqualTo(new[] { "caerphilly", "illchester" }));
            Assert.That(third, Is.EqualTo(new[] { "brie" }));
            Assert.That(decoder.HasPartialFrame, Is.False);
        }
    }

    [Test]
    public void Decode_EverySplitPointOfMultiByteMessages_MatchesUnsplitDecode()
    {
        // 2-byte é, 3-byte €, 4-byte 🧀 and an empty message, so splits land inside every kind of character.
        string[] messages = ["fromage é", "€ price", "🧀 brie 🧀", "", "plain"];
        var wire = messages.SelectMany(FrameEncoder.Encode).ToArray();

        for (var split = 0; split <= wire.Length; split++)
        {
            var decoder = new FrameDecoder();
            var frames = new List<DecodedFrame>();
            decoder.Decode(wire.AsSpan(0, split), frames);
            decoder.Decode(wire.AsSpan(split), frames);

            Assert.That(frames.Select(f => f.Text), Is.EqualTo(messages), $"split at byte {split}");
        }
    }

    [Test]
    public void Decode_OneByteAtATime_YieldsEveryMessage()
    {
        string[] messages = ["a", "ünïcödé", "🧀🧀", "last"];
        var wire = messages.SelectMany(FrameEncoder.Encode).ToArray();
        var decoder = new FrameDecoder();
        var frames = new List<DecodedFrame>();

        foreach (var b in wire)
        {
            decoder.Decode([b], frames);
        }

        Assert.That(frames.Select(f => f.Text), Is.EqualTo(messages));
    }

    [Test]
    public void Decode_ThousandsOfMessagesInRandomChunks_YieldsTheSentSequence()
    {
        var random = new Random(20261123);
        string[] alphabet = ["a", "Z", " ", "é", "ß", "€", "中", "🧀", "😀", ":", "\n"];
        var messages = Enumerable.Range(0, 5000)
            .Select(i => $"{i}:" + string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])))
            .ToArray();
        var wire = messages.SelectMany(FrameEncoder.Encode).ToArray();
        var decoder = new FrameDecoder();
        var frames = new List<DecodedFrame>();

        for (var offset = 0; offset < wire.Length;)
        {
            var length = Math.Min(random.Next(1, 300), wire.Length - offset);
            decoder.Decode(wire.AsSpan(offset, length), frames);
            offset += length;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(frames.All(f => f.IsMessage), Is.True);
            Assert.That(frames.Select(f => f.Text), Is.EqualTo(messages));
        }
    }

    [Test]
    public void Decode_EmptyMessage_YieldsEmptyText()
    {
        var frames = DecodeAll(new FrameDecoder(), [0x00]);

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Message(string.Empty) }));
    }

    [Test]
    public void Decode_InvalidUtf8FollowedByValidMessage_ReportsInvalidThenDecodesNext()
    {
        byte[] wire = [0x68, 0xC3, 0x28, 0x00, .. FrameEncoder.Encode("still fine")];

        var frames = DecodeAll(new FrameDecoder(), wire);

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.InvalidUtf8, DecodedFrame.Message("still fine") }));
    }

    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { 0xC0, 0xAF })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    [TestCase(new byte[] { 0xF0, 0x9F, 0xA7 })]
    public void Decode_MalformedSequence_IsReportedAsInvalidUtf8(byte[] body)
    {
        var frames = DecodeAll(new FrameDecoder(), [.. body, 0x00]);

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.InvalidUtf8 }));
    }

    [Test]
    public void Decode_MessageOfExactlyTheCap_IsAccepted()
    {
        var text = new string('x', 16);

        var frames = DecodeAll(new FrameDecoder(maxFrameBytes: 16), FrameEncoder.Encode(text));

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Message(text) }));
    }

    [Test]
    public void Decode_FrameLongerThanCapInOneRead_ReportsOversizedThenDecodesNext()
    {
        byte[] wire = [.. FrameEncoder.Encode(new string('x', 17)), .. FrameEncoder.Encode("next")];

        var frames = DecodeAll(new FrameDecoder(maxFrameBytes: 16), wire);

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Oversized, DecodedFrame.Message("next") }));
    }

    [Test]
    public void Decode_EndlessBytesWithoutTerminator_ReportsOversizedOnceAndHoldsNoMore()
    {
        var decoder = new FrameDecoder(maxFrameBytes: 1000);
        var frames = new List<DecodedFrame>();
        var chunk = Enumerable.Repeat((byte)'x', 100).ToArray();

        for (var i = 0; i < 1000; i++)
        {
            decoder.Decode(chunk, frames);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Oversized }));
            Assert.That(decoder.HasPartialFrame, Is.False, "the decoder must not keep the oversized bytes");
        }

        decoder.Decode([0x00, .. FrameEncoder.Encode("after")], frames);
        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Oversized, DecodedFrame.Message("after") }));
    }

    [Test]
    public void HasPartialFrame_AfterUnterminatedBytes_IsTrue()
    {
        var decoder = new FrameDecoder();

        DecodeChunk(decoder, "half a mess");

        Assert.That(decoder.HasPartialFrame, Is.True);
    }

    private static List<string> DecodeChunk(FrameDecoder decoder, string chunk) =>
        DecodeAll(decoder, Encoding.UTF8.GetBytes(chunk)).Select(f => f.Text).ToList();

    private static List<DecodedFrame> DecodeAll(FrameDecoder decoder, byte[] bytes)
    {
        var frames = new List<DecodedFrame>();
        decoder.Decode(bytes, frames);
        return frames;
    }
}
