using TinCanChat.Common.Protocol;

namespace TinCanChat.Tests.Protocol;

public class FrameEncoderTests
{
    [Test]
    public void Encode_Text_IsUtf8FollowedByOneTerminator()
    {
        var frame = FrameEncoder.Encode("hé");

        Assert.That(frame, Is.EqualTo(new byte[] { 0x68, 0xC3, 0xA9, 0x00 }));
    }

    [TestCase("")]
    [TestCase("hello")]
    [TestCase("ünïcödé € 中文 🧀")]
    [TestCase("line one\nline two\ttab")]
    public void Encode_ThenDecode_RoundTripsTheText(string text)
    {
        var frames = new List<DecodedFrame>();

        new FrameDecoder().Decode(FrameEncoder.Encode(text), frames);

        Assert.That(frames, Is.EqualTo(new[] { DecodedFrame.Message(text) }));
    }

    [Test]
    public void Encode_TextContainingNul_ThrowsNamingTheTerminator()
    {
        Assert.That(
            () => FrameEncoder.Encode("two\0messages"),
            Throws.ArgumentException.With.Message.Contains("U+0000"));
    }

    [Test]
    public void TryEncode_UnsendableText_ReturnsFalseWithoutThrowing()
    {
        // In code, not [TestCase]: attribute strings cannot carry a lone surrogate.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FrameEncoder.TryEncode("a\0b", out _), Is.False);
            Assert.That(FrameEncoder.TryEncode("broken \uD83E", out _), Is.False);
            Assert.That(FrameEncoder.TryEncode("fine", out var frame) ? frame : null, Is.EqualTo(FrameEncoder.Encode("fine")));
        }
    }

    [Test]
    public void Encode_LoneSurrogate_Throws()
    {
        Assert.That(() => FrameEncoder.Encode("broken \uD83E"), Throws.InstanceOf<ArgumentException>());
    }
}
