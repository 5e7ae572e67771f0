using TinCanChat.Server.Chat.Rooms;

namespace TinCanChat.Tests.Server;

public class RoomHistoryTests
{
    private static byte[] Line(int bytes, byte mark) => [.. Enumerable.Repeat(mark, bytes)];

    [Test]
    public void KeepsTheNewestLinesWithinTheRoomsBytes()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 3000, totalBytes: 1_000_000);
        var history = new RoomHistory(limits);

        foreach (var mark in Enumerable.Range(1, 10))
        {
            history.Keep(Line(1000, (byte)mark));
        }

        Assert.That(history.Lines.Select(line => (int)line[0]), Is.EqualTo(new[] { 8, 9, 10 }));
        Assert.That(limits.UsedBytes, Is.EqualTo(3000));
    }

    [Test]
    public void AllRoomsTogether_StayWithinTheTotal_AndAGoneRoomGivesItsBytesBack()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 1_000_000, totalBytes: 5000);
        var first = new RoomHistory(limits);
        var second = new RoomHistory(limits);

        Enumerable.Range(0, 4).ToList().ForEach(_ => first.Keep(Line(1000, 1)));
        Enumerable.Range(0, 4).ToList().ForEach(_ => second.Keep(Line(1000, 2)));

        Assert.That(limits.UsedBytes, Is.LessThanOrEqualTo(5000));
        Assert.That(second.Lines.Count(), Is.EqualTo(1), "the second room gets what is left");
        first.Clear();
        Assert.That(limits.UsedBytes, Is.EqualTo(1000));
        second.Keep(Line(1000, 2));
        Assert.That(second.Lines.Count(), Is.EqualTo(2));
    }

    [Test]
    public void ALineTooBigToKeep_ClearsTheRest_SoTheReplayHasNoGap()
    {
        var limits = new HistoryLimits(lines: 500, roomBytes: 3000, totalBytes: 1_000_000);
        var history = new RoomHistory(limits);
        history.Keep(Line(1000, 1));

        history.Keep(Line(5000, 2));

        Assert.That(history.Lines, Is.Empty, "the older line would be replayed with the big one missing after it");
        Assert.That(limits.UsedBytes, Is.Zero);
    }
}
