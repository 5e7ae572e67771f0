using TinCanChat.Server.Chat.History;

namespace TinCanChat.Tests.Server.History;

public class RoomLogTests
{
    private static byte[] Line(int bytes, byte mark) => [.. Enumerable.Repeat(mark, bytes)];

    [Test]
    public void LinesGetIncreasingIds_AndTheNewestAreKeptWithinTheRoomsBytes()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 3000, totalBytes: 1_000_000);
        var log = new RoomLog(limits);

        var ids = Enumerable.Range(1, 10).Select(mark => log.Append(Line(1000, (byte)mark), 0).Id).ToList();

        Assert.That(ids, Is.EqualTo(Enumerable.Range(1, 10).Select(i => (long)i)));
        Assert.That(log.Last(100).Select(line => line.Id), Is.EqualTo(new long[] { 8, 9, 10 }));
        Assert.That(limits.UsedBytes, Is.EqualTo(3000));
        Assert.That(log.NextId, Is.EqualTo(11));
    }

    [Test]
    public void Before_GivesTheLinesJustBeforeAnId_OldestFirst()
    {
        var log = new RoomLog(new HistoryLimits(lines: 100));
        foreach (var mark in Enumerable.Range(1, 20))
        {
            log.Append(Line(10, (byte)mark), mark * 1000L);
        }

        Assert.That(log.Before(15, 3).Select(line => line.Id), Is.EqualTo(new long[] { 12, 13, 14 }));
        Assert.That(log.Before(3, 10).Select(line => line.Id), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(log.Before(1, 10), Is.Empty);
        Assert.That(log.Before(15, 3)[0].SaidAtMs, Is.EqualTo(12_000));
    }

    [Test]
    public void AllRoomsTogether_StayWithinTheTotal_AndAClearedLogGivesItsBytesBack()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 1_000_000, totalBytes: 5000);
        var first = new RoomLog(limits);
        var second = new RoomLog(limits);

        Enumerable.Range(0, 4).ToList().ForEach(_ => first.Append(Line(1000, 1), 0));
        Enumerable.Range(0, 4).ToList().ForEach(_ => second.Append(Line(1000, 2), 0));

        Assert.That(limits.UsedBytes, Is.LessThanOrEqualTo(5000));
        Assert.That(second.Last(100), Has.Count.EqualTo(1), "the second room gets what is left");
        first.Clear();
        Assert.That(limits.UsedBytes, Is.EqualTo(1000));
        second.Append(Line(1000, 2), 0);
        Assert.That(second.Last(100), Has.Count.EqualTo(2));
    }

    [Test]
    public void ALineTooBigToKeep_ClearsTheRest_SoAReplayHasNoGap()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 3000, totalBytes: 1_000_000);
        var log = new RoomLog(limits);
        log.Append(Line(1000, 1), 0);

        var big = log.Append(Line(5000, 2), 0);

        Assert.That(big.Id, Is.EqualTo(2), "numbered all the same");
        Assert.That(log.Last(10), Is.Empty, "the older line would be replayed with the big one missing after it");
        Assert.That(limits.UsedBytes, Is.Zero);
    }
}
