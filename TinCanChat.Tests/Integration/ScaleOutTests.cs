using System.Globalization;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Several server processes acting as one chat through a real Redis (SPEC §9).</summary>
public class ScaleOutTests
{
    [Test]
    public void ALine_CrossesServers_BothWays()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");

        ann.Send("hello from one");
        Assert.That(ben.NextChat(1), Is.EqualTo(new[] { "ann: hello from one" }));
        Assert.That(ann.NextChat(1), Is.EqualTo(new[] { "ann: hello from one" }));

        ben.Send("hello from two");
        Assert.That(ann.NextChat(1), Is.EqualTo(new[] { "ben: hello from two" }));
        Assert.That(ben.NextChat(1), Is.EqualTo(new[] { "ben: hello from two" }));
    }

    [Test]
    public void ThreeSendersOnTwoServers_FourObserversSeeOneOrder()
    {
        const int PerSender = 60;
        using var network = ServerNetwork.Start(2);
        var observers = new[] { network.Join(0), network.Join(0), network.Join(1), network.Join(1) };
        var senders = new[] { network.JoinAs(0, "s0"), network.JoinAs(0, "s1"), network.JoinAs(1, "s2") };
        try
        {
            var threads = senders.Select((sender, index) => new Thread(() =>
            {
                for (var n = 0; n < PerSender; n++)
                {
                    sender.Send($"{n}");
                }
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());

            var seen = observers.Select(observer => observer.NextChat(3 * PerSender)).ToList();

            Assert.That(seen.Skip(1), Has.All.EqualTo(seen[0]), "every observer, on either server, sees the same order");
            for (var s = 0; s < senders.Length; s++)
            {
                var own = seen[0].Where(line => line.StartsWith($"s{s}: ", StringComparison.Ordinal))
                    .Select(line => int.Parse(line[4..], CultureInfo.InvariantCulture));
                Assert.That(own, Is.EqualTo(Enumerable.Range(0, PerSender)), $"s{s}'s lines, all and in the order sent");
            }
        }
        finally
        {
            foreach (var client in observers.Concat(senders))
            {
                client.Dispose();
            }
        }
    }

    [Test]
    public void ANicknameAskedForOnBothServersAtOnce_HasExactlyOneWinner()
    {
        using var network = ServerNetwork.Start(2);
        var clients = Enumerable.Range(0, 8).Select(i => network.Join(i % 2)).ToList();
        try
        {
            var spellings = new[] { "zed", "Zed", "ZED", "zeD" };
            Parallel.ForEach(clients.Select((client, i) => (client, i)), pair => pair.client.Send($"/nick {spellings[pair.i % 4]}"));

            var outcomes = clients.Select(client => client.NextMatching(line =>
                line.StartsWith($"* {client.Label} is now known as ", StringComparison.Ordinal)
                || line.StartsWith("* error: the nickname ", StringComparison.Ordinal))).ToList();

            Assert.That(outcomes.Count(line => line.Contains(" is now known as ", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(" | ", outcomes));
            Assert.That(outcomes.Count(line => line.EndsWith(" is taken", StringComparison.Ordinal)), Is.EqualTo(7));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Test]
    public void WhoRoomsAndMsg_SeeEveryServer_AndCountsAreNetworkWide()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");

        ben.Send("/who");
        Assert.That(ben.NextMatching(line => line.StartsWith("* in ", StringComparison.Ordinal)), Is.EqualTo("* in #lobby (2): ann, ben"));

        using var cat = network.Join(0);
        Assert.That(ben.NextMatching(line => line.Contains(" joined ", StringComparison.Ordinal)), Is.EqualTo($"* {cat.Label} joined (3 online)"));

        ann.Send("/msg BEN psst");
        Assert.That(ben.NextMatching(line => line.Contains(" -> ", StringComparison.Ordinal)), Is.EqualTo("ann -> ben: psst"));
        Assert.That(ann.NextMatching(line => line.Contains(" -> ", StringComparison.Ordinal)), Is.EqualTo("ann -> ben: psst"));

        ann.Send("/join dev");
        Assert.That(ben.NextMatching(line => line.Contains(" left ", StringComparison.Ordinal)), Is.EqualTo("* ann left #lobby"));
        ben.Send("/rooms");
        Assert.That(ben.NextMatching(line => line.StartsWith("* rooms", StringComparison.Ordinal)), Is.EqualTo("* rooms: #lobby (2), #dev (1)"));

        ben.Send("/msg nobody hello");
        Assert.That(ben.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: no one called nobody"));

        cat.Send("in the lobby");
        ann.Send("in dev");
        Assert.That(ben.NextChat(1), Is.EqualTo(new[] { $"{cat.Label}: in the lobby" }), "#dev's line does not reach the lobby");
    }

    [Test]
    public void History_IsTheRooms_ReplayedOnTheOtherServer_WithNoGapOrDuplicate_WhileSomeoneTalks()
    {
        const int Lines = 300;
        using var network = ServerNetwork.Start(2, "--history", "20");
        using var talker = network.JoinAs(0, "talker");
        var newcomers = new List<RawClient>();
        try
        {
            var talking = new Thread(() =>
            {
                for (var n = 0; n < Lines; n++)
                {
                    talker.Send($"{n}");
                }
            });
            talking.Start();
            foreach (var after in (int[])[40, 120, 200])
            {
                talker.NextMatching(line => line == $"talker: {after}");

                // Not network.Join: that would skip what comes before the arrival, the history.
                newcomers.Add(RawClient.Connect(network.Ports[1]));
            }

            talking.Join();
            foreach (var newcomer in newcomers)
            {
                var numbers = new List<int>();
                while (numbers.Count == 0 || numbers[^1] != Lines - 1)
                {
                    var line = newcomer.Next();
                    if (line.StartsWith("talker: ", StringComparison.Ordinal))
                    {
                        numbers.Add(int.Parse(line[8..], CultureInfo.InvariantCulture));
                    }
                }

                Assert.That(numbers, Is.EqualTo(Enumerable.Range(numbers[0], numbers.Count)), $"{newcomer.Label}: history then live, one run");
                Assert.That(numbers, Has.Count.GreaterThanOrEqualTo(20), "the history came first");
            }
        }
        finally
        {
            newcomers.ForEach(client => client.Dispose());
        }
    }

    [Test]
    public void ThousandsOfLinesInOneWrite_ReachesEveryReaderOnBothServers_CompleteAndInOrder()
    {
        const int Lines = 3000;
        using var network = ServerNetwork.Start(2, "--outbox-capacity", "100");
        var readers = Enumerable.Range(0, 4).Select(i => network.Join(i % 2)).ToList();
        using var sender = network.JoinAs(0, "paster");
        try
        {
            readers.ForEach(reader => reader.NextMatching(line => line.EndsWith(" is now known as paster", StringComparison.Ordinal)));

            sender.SendBytes([.. Enumerable.Range(0, Lines).SelectMany(n => TinCanChat.Common.Protocol.FrameEncoder.Encode($"{n}"))]);

            foreach (var reader in readers)
            {
                Assert.That(reader.NextChat(Lines), Is.EqualTo(Enumerable.Range(0, Lines).Select(n => $"paster: {n}")), $"{reader.Label}: every line, in order, not dropped");
            }
        }
        finally
        {
            readers.ForEach(reader => reader.Dispose());
        }
    }

    [Test]
    public void LinesAndACommandInOneWrite_KeepTheirOrderOnTheOtherServer()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.Join(0);
        using var ben = network.JoinAs(1, "ben");
        ann.NextMatching(line => line.EndsWith(" is now known as ben", StringComparison.Ordinal));

        ann.SendBytes([.. ((string[])["one", "two", "/nick ann", "three"]).SelectMany(TinCanChat.Common.Protocol.FrameEncoder.Encode)]);

        Assert.That(new[] { ben.Next(), ben.Next(), ben.Next(), ben.Next() },
            Is.EqualTo(new[] { $"{ann.Label}: one", $"{ann.Label}: two", $"* {ann.Label} is now known as ann", "ann: three" }));
    }
}
