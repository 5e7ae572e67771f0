using System.Text;
using TinCanChat.Bench;

namespace TinCanChat.Tests.Bench;

public class PayloadTests
{
    [Test]
    public void Write_ThenTryReadInsideAServerLabel_GivesBackSenderSequenceAndTimestamp()
    {
        var frame = new byte[65];
        var written = Payload.Write(frame, 64, sender: 7, sequence: 123_456, timestamp: 987_654_321_012);
        var broadcast = Encoding.ASCII.GetBytes("127.0.0.1:5000: ").Concat(frame[..^1]).ToArray();

        var found = Payload.TryRead(broadcast, out var sender, out var sequence, out var timestamp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(65));
            Assert.That(frame[^1], Is.Zero, "terminated");
            Assert.That((found, sender, sequence, timestamp), Is.EqualTo((true, 7, 123_456L, 987_654_321_012L)));
        }
    }

    [Test]
    public void BarrierRound_FindsTheRoundAndIgnoresOtherFrames()
    {
        var barrier = Payload.Barrier(3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Payload.BarrierRound(Encoding.ASCII.GetBytes("x: ").Concat(barrier[..^1]).ToArray()), Is.EqualTo(3));
            Assert.That(Payload.BarrierRound("* someone joined"u8), Is.Zero);
        }
    }
}
