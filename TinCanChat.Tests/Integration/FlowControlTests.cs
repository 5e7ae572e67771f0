using System.Diagnostics;
using System.Text;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §4: bursts reach every reader that keeps reading; senders wait instead.</summary>
public class FlowControlTests
{
    [Test]
    public void OneWrite_3000OneByteMessages_50ReadersGetThemAllInOrderAndNoneIsDropped()
    {
        const int Messages = 3000;
        using var server = TestServer.Start();
        var readers = Enumerable.Range(0, 50).Select(_ => server.Join()).ToList();
        using var sender = server.Join();
        var digits = Enumerable.Range(0, Messages).Select(i => (char)('0' + (i % 10))).ToList();

        // Six kilobytes in one write: more frames than any outbox holds.
        sender.SendBytes(Encoding.UTF8.GetBytes(string.Concat(digits.Select(d => $"{d}\0"))));

        var expected = digits.Select(d => $"{sender.Label}: {d}").ToList();
        foreach (var reader in readers.Append(sender))
        {
            var notices = new List<string>();
            Assert.That(reader.NextChat(Messages, notices), Is.EqualTo(expected), $"{reader.Label} got every message in order");
            Assert.That(notices, Has.None.Contains(" left"), "nobody was disconnected");
        }

        readers.ForEach(reader => reader.Dispose());
    }

    [Test]
    public void TenSenders_300EachWrittenAtOnce_EveryReaderGetsAllInOneOrder()
    {
        const int Senders = 10;
        const int PerSender = 300;
        using var server = TestServer.Start();
        var readers = Enumerable.Range(0, 20).Select(_ => server.Join()).ToList();
        var senders = Enumerable.Range(0, Senders).Select(_ => server.Join()).ToList();
        var last = senders[^1];
        readers.ForEach(reader => reader.WaitForJoinOf(last));
        senders.SkipLast(1).ToList().ForEach(sender => sender.WaitForJoinOf(last));

        foreach (var (sender, s) in senders.Select((sender, s) => (sender, s)))
        {
            sender.SendBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, PerSender).Select(i => $"{s}-{i}\0"))));
        }

        List<string>? order = null;
        foreach (var client in readers.Concat(senders))
        {
            var notices = new List<string>();
            var got = client.NextChat(Senders * PerSender, notices);
            Assert.That(notices, Has.None.Contains(" left"), $"{client.Label}: nobody was disconnected");
            order ??= got;
            Assert.That(got, Is.EqualTo(order), $"{client.Label} sees the one global order");
        }

        foreach (var (sender, s) in senders.Select((sender, s) => (sender, s)))
        {
            var own = order!.Where(line => line.StartsWith($"{sender.Label}: ", StringComparison.Ordinal));
            Assert.That(own, Is.EqualTo(Enumerable.Range(0, PerSender).Select(i => $"{sender.Label}: {s}-{i}")), $"sender {s} keeps its order");
        }

        readers.Concat(senders).ToList().ForEach(client => client.Dispose());
    }

    [Test]
    public void NeverReadingClient_WithAShortTimeout_IsDroppedWhileTheOthersKeepReceiving()
    {
        using var server = TestServer.Start(new ServerOptions { SlowReaderTimeout = TimeSpan.FromSeconds(1) });
        using var sender = server.Join();
        using var receiver = server.Join();
        using var stuck = RawClient.Connect(server.Port, read: false);
        receiver.WaitForJoinOf(stuck);
        sender.WaitForJoinOf(stuck);
        Assert.That(SlowReaderDrive.UntilDropped(sender, receiver, stuck.Label), Does.Contain("too slow"));
        Assert.That(() => server.Server.SessionCount, Is.EqualTo(2).After(15000, 20));
    }

    [Test]
    public void RateLimit_BlastedMessagesAllArriveInOrderWhileAnotherClientIsNotSlowedDown()
    {
        const int Messages = 300;
        using var server = TestServer.Start(new ServerOptions { RateLimit = 50 });
        using var witness = server.Join();
        using var talker = server.Join();
        using var flooder = server.Join();
        witness.WaitForJoinOf(flooder);
        var started = Stopwatch.StartNew();

        flooder.SendBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Messages).Select(i => $"{i}\0"))));
        talker.Send("am I slowed down?");

        var flood = new List<string>();
        var talkerArrivedAfter = -1;
        while (flood.Count < Messages)
        {
            var line = witness.Next();
            if (line == $"{talker.Label}: am I slowed down?")
            {
                talkerArrivedAfter = flood.Count;
            }
            else if (!line.StartsWith("* ", StringComparison.Ordinal))
            {
                flood.Add(line);
            }
        }

        var seconds = started.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"{Messages} rate-limited messages in {seconds:F1} s ({Messages / seconds:F0}/s); the other client's line arrived after {talkerArrivedAfter} of them");
        Assert.That(flood, Is.EqualTo(Enumerable.Range(0, Messages).Select(i => $"{flooder.Label}: {i}")));
        Assert.That(talkerArrivedAfter, Is.InRange(0, Messages - 50), "the other client's line did not wait for the flood");
    }

    [Test]
    public void Stop_UnderAFlood_TheShutdownNoticeIsEveryonesLastLine()
    {
        var server = TestServer.Start();
        var readers = Enumerable.Range(0, 5).Select(_ => server.Join()).ToList();
        var flooders = Enumerable.Range(0, 3).Select(_ => server.Join()).ToList();
        readers.ForEach(reader => reader.WaitForJoinOf(flooders[^1]));
        var burst = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"flood {i}\0")));
        var threads = flooders.Select(flooder => new Thread(() =>
        {
            try
            {
                while (true)
                {
                    flooder.SendBytes(burst);
                }
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
            {
                // The server went away: the flood is over.
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        readers[0].NextMatching(line => line.EndsWith("flood 199", StringComparison.Ordinal));

        server.Dispose();

        foreach (var client in readers.Concat(flooders))
        {
            Assert.That(client.ReadToClose()[^1], Is.EqualTo(ServerNotices.ShuttingDown), $"{client.Label}: nothing after the notice");
        }

        threads.ForEach(thread => Assert.That(thread.Join(RawClient.Patience), Is.True));
        readers.Concat(flooders).ToList().ForEach(client => client.Dispose());
    }
}
