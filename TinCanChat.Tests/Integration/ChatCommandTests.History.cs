using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>--history: the last lines first, then live ones, with no gap and no duplicate.</summary>
public partial class ChatCommandTests
{
    [Test]
    public void History_ANewcomerFirstGetsTheLastLinesThenItsJoin()
    {
        using var server = TestServer.Start(new ServerOptions { History = 3 });
        using var talker = server.Join();
        for (var i = 1; i <= 5; i++)
        {
            talker.Send($"line {i}");
        }

        talker.NextChat(5);

        using var newcomer = server.Connect();

        var expected = new[] { $"{talker.Label}: line 3", $"{talker.Label}: line 4", $"{talker.Label}: line 5", $"* {newcomer.Label} joined (2 online)" };
        Assert.That(Enumerable.Range(0, 4).Select(_ => newcomer.Next()), Is.EqualTo(expected));
    }

    [Test]
    public void History_WhileAPeerBroadcasts_EachOfSixNewcomersSeesOneContiguousRun()
    {
        using var server = TestServer.Start(new ServerOptions { History = 20 });
        using var talker = server.Join();
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var talking = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                talker.Send($"{sent++}");
            }
        });
        talking.Start();

        var newcomers = new List<RawClient>();
        for (var i = 0; i < 6; i++)
        {
            var newcomer = server.Connect();
            newcomers.Add(newcomer);
            talker.WaitForJoinOf(newcomer);

            // Live lines after the join: with the 20 replayed, every newcomer has at least 40.
            talker.NextChat(25);
        }

        stop.Cancel();
        talking.Join();
        foreach (var newcomer in newcomers)
        {
            var numbers = newcomer.NextChat(40).Select(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(numbers[0], numbers.Count)), $"{newcomer.Label}: no gap and no duplicate between the replay and the live lines");
            newcomer.Dispose();
        }
    }

    [Test]
    public void History_OfBigLines_IsBoundedInBytes_ANewcomerGetsOnlyTheNewestThatFit()
    {
        using var server = TestServer.Start(new ServerOptions { History = 500, HistoryRoomBytes = 200_000 });
        using var talker = server.Join();
        var big = new string('z', 60_000);
        talker.SendBytes(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i => $"{i} {big}\0"))));
        talker.NextChat(20);

        using var newcomer = server.Connect();
        var replay = new List<string>();
        for (var line = newcomer.Next(); !line.StartsWith("* ", StringComparison.Ordinal); line = newcomer.Next())
        {
            replay.Add(line[..(line.IndexOf(' ', talker.Label.Length + 2))]);
        }

        Assert.That(replay, Is.EqualTo(new[] { $"{talker.Label}: 17", $"{talker.Label}: 18", $"{talker.Label}: 19" }), "three lines of 60 KB fit in 200 000 bytes");
    }
}
