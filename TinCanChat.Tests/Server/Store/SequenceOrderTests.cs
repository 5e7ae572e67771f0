using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Server.Store;

public class SequenceOrderTests
{
    [Test]
    public void LinesArrivingOutOfOrderAndTwice_AreHandedOutOnceInOrder()
    {
        var order = new SequenceOrder();
        order.StartAt(5);
        foreach (var seq in (long[])[7, 5, 5, 8, 6, 7])
        {
            order.Add(Line(seq));
        }

        Assert.That(order.TakeReady().Select(line => line.Seq), Is.EqualTo([5, 6, 7, 8]));
        Assert.That(order.TakeReady(), Is.Empty, "nothing twice");
    }

    [Test]
    public void BeforeTheStartIsKnown_LinesWait_AndThoseBeforeItAreDropped()
    {
        var order = new SequenceOrder();
        order.Add(Line(3));
        order.Add(Line(4));
        Assert.That(order.TakeReady(), Is.Empty);

        order.StartAt(4);

        Assert.That(order.TakeReady().Select(line => line.Seq), Is.EqualTo([4]));
    }

    [Test]
    public void AMissingNumber_IsAGap_UntilFilledOrSkipped()
    {
        var order = new SequenceOrder();
        order.StartAt(1);
        order.Add(Line(1));
        order.Add(Line(4));
        Assert.That(order.TakeReady().Select(line => line.Seq), Is.EqualTo([1]));
        Assert.That(order.Gap, Is.EqualTo((2L, 3L)));

        order.Add(Line(3));
        Assert.That(order.Gap, Is.EqualTo((2L, 2L)));
        order.SkipTo(3);

        Assert.That(order.Gap, Is.Null);
        Assert.That(order.TakeReady().Select(line => line.Seq), Is.EqualTo([3, 4]));
    }

    [Test]
    public void Restart_BeginsANewNumberingAtOne()
    {
        var order = new SequenceOrder();
        order.StartAt(100);
        order.Add(Line(100));
        _ = order.TakeReady().ToList();

        order.Restart();
        order.Add(Line(1));

        Assert.That(order.TakeReady().Select(line => line.Seq), Is.EqualTo([1]));
    }

    private static RoomEvent Line(long seq) => new("e", seq, RoomEvent.Chat, "", seq, 0, $"line {seq}");
}
