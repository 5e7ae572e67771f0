using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class ChatBroadcastTests
{
    [Test]
    public void Broadcast_FourClientsSendingConcurrently_AllSeeOneOrderAndEachSendersOrder()
    {
        const int Clients = 4;
        const int PerClient = 300;
        // Room for everything, so a reader descheduled during the flood is not taken for a slow one.
        using var server = TestServer.Start(new ServerOptions { OutboxCapacity = Clients * PerClient * 2 });
        var clients = Enumerable.Range(0, Clients).Select(_ => server.Join()).ToList();
        clients.SkipLast(1).ToList().ForEach(client => client.WaitForJoinOf(clients[^1]));

        var senders = clients.Select((client, c) => new Thread(() =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                client.Send($"client {c} message {i}");
            }
        })).ToList();
        senders.ForEach(t => t.Start());
        senders.ForEach(t => Assert.That(t.Join(RawClient.Patience), Is.True));

        var seen = clients.Select(client => client.NextChat(Clients * PerClient)).ToList();

        foreach (var other in seen.Skip(1))
        {
            Assert.That(other, Is.EqualTo(seen[0]), "every client sees the same global order");
        }

        for (var c = 0; c < Clients; c++)
        {
            var prefix = $"{clients[c].Label}: client {c} message ";
            var own = seen[0].Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
                .Select(line => int.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(own, Is.EqualTo(Enumerable.Range(0, PerClient)), $"client {c}'s messages keep their order");
        }

        clients.ForEach(c => c.Dispose());
    }

    [Test]
    public void Join_SecondClient_BothSeeTheJoinWithTheOnlineCount()
    {
        using var server = TestServer.Start();
        using var first = server.Join();
        using var second = server.Connect();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Next(), Is.EqualTo($"* {second.Label} joined (2 online)"));
            Assert.That(first.Next(), Is.EqualTo($"* {second.Label} joined (2 online)"));
        }
    }

    [Test]
    public void Join_BurstOfArrivals_EveryoneSeesTheLastJoin()
    {
        const int Burst = 40;
        using var server = TestServer.Start();
        using var first = server.Join();

        // Connecting does not wait for the server to accept, so these queue up as one burst.
        var burst = Enumerable.Range(0, Burst).Select(_ => server.Connect()).ToList();

        var lastJoin = $"* {burst[^1].Label} joined ({Burst + 1} online)";
        foreach (var client in burst.Prepend(first))
        {
            Assert.That(client.NextMatching(line => line == lastJoin), Is.EqualTo(lastJoin));
        }

        burst.ForEach(client => client.Dispose());
    }

    [Test]
    public void Leave_ClientClosesNormally_OthersSeeLeftWithTheCount()
    {
        using var server = TestServer.Start();
        using var staying = server.Join();
        var leaving = server.Join();
        staying.WaitForJoinOf(leaving);
        var label = leaving.Label;

        leaving.Dispose();

        Assert.That(
            staying.Next(),
            Is.EqualTo($"* {label} left (1 online)"));
    }

    [Test]
    public void Stop_WithConnectedClients_TellsEveryoneThenCloses()
    {
        var server = TestServer.Start();
        using var first = server.Join();
        using var second = server.Join();

        server.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ReadToClose(), Does.Contain(ServerNotices.ShuttingDown));
            Assert.That(second.ReadToClose(), Does.Contain(ServerNotices.ShuttingDown));
            Assert.That(server.Server.SessionCount, Is.Zero);
        }
    }

    [Test]
    public void MaxClients_OneBeyondTheLimit_IsToldServerFullAndClosedWhileOthersKeepChatting()
    {
        using var server = TestServer.Start(new ServerOptions { MaxClients = 2 });
        using var first = server.Join();
        using var second = server.Join();

        using var third = server.Connect();

        Assert.That(third.ReadToClose(), Is.EqualTo(new[] { ServerNotices.Full }));
        first.Send("still here");
        Assert.That(second.NextChat(1), Is.EqualTo(new[] { $"{first.Label}: still here" }));
    }
}
