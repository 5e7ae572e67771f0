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

        var expected = new[]
        {
            "* history of #lobby:", $"{talker.Label}: line 3", $"{talker.Label}: line 4", $"{talker.Label}: line 5", "* end of history",
            $"* {newcomer.Label} joined (2 online)",
        };
        Assert.That(Enumerable.Range(0, 6).Select(_ => newcomer.Next()), Is.EqualTo(expected), "the replay between the marker lines, then its join");
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
        Assert.That(newcomer.Next(), Is.EqualTo("* history of #lobby:"));
        for (var line = newcomer.Next(); !line.StartsWith("* ", StringComparison.Ordinal); line = newcomer.Next())
        {
            replay.Add(line[..(line.IndexOf(' ', talker.Label.Length + 2))]);
        }

        Assert.That(replay, Is.EqualTo(new[] { $"{talker.Label}: 17", $"{talker.Label}: 18", $"{talker.Label}: 19" }), "three lines of 60 KB fit in 200 000 bytes");
    }

    [Test]
    public void HistoryCommand_PagesBackFromTheOldestLineSeen_BetweenMarkers_ThenSaysThereIsNoMore()
    {
        using var server = TestServer.Start(new ServerOptions { History = 2 });
        using var talker = server.Join();
        for (var i = 1; i <= 7; i++)
        {
            talker.Send($"line {i}");
        }

        talker.NextChat(7);
        using var newcomer = server.Join();
        talker.WaitForJoinOf(newcomer);

        newcomer.Send("/history 3");
        Assert.That(NextBlock(newcomer), Is.EqualTo(new[] { "line 3", "line 4", "line 5" }), "before the two replayed on entering (6 and 7)");
        newcomer.Send("/history");
        Assert.That(NextBlock(newcomer), Is.EqualTo(new[] { "line 1", "line 2" }));
        newcomer.Send("/history");
        Assert.That(newcomer.Next(), Is.EqualTo("* no older lines of #lobby are kept"));
        newcomer.Send("/history 501");
        Assert.That(newcomer.Next(), Does.StartWith("* error: usage: /history [N]"));
    }

    [Test]
    public void History_SurvivesTheRoomEmptying_AndIdsGoOn()
    {
        using var server = TestServer.Start(new ServerOptions { History = 10 });
        using (var first = server.Join())
        {
            first.Send("/join dev");
            first.NextMatching(line => line == $"* {first.Label} joined #dev");
            first.Send("said in dev");
            first.NextChat(1);
        }

        using var later = server.Join();
        later.Send("/join dev");
        Assert.That(later.NextChat(1)[0], Does.EndWith(": said in dev"), "the room emptied and was entered again: its lines are still there");
    }

    // The chat lines of the next history block, without their senders.
    private static List<string> NextBlock(RawClient client)
    {
        client.NextMatching(line => line.StartsWith("* history of #", StringComparison.Ordinal));
        var lines = new List<string>();
        for (var line = client.Next(); line != "* end of history"; line = client.Next())
        {
            lines.Add(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }

        return lines;
    }
}
