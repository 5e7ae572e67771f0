using System.Net.Sockets;
using System.Text;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class EchoServerTests
{
    private static readonly ServerOptions EchoMode = new() { Echo = true };

    [Test]
    public void Echo_ManyMessagesOverOneConnection_ComeBackUnchangedAndInOrder()
    {
        using var server = TestServer.Start(EchoMode);
        using var client = server.Connect();
        var sent = Enumerable.Range(0, 2000).Select(i => $"message {i} ünï 🧀").ToList();

        sent.ForEach(client.Send);
        var echoed = sent.Select(_ => client.Next()).ToList();

        Assert.That(echoed, Is.EqualTo(sent), "only the echoes, no notices");
    }

    [Test]
    public void Echo_OneMessagePerConnection_LikeTheOriginalEchoClient()
    {
        using var server = TestServer.Start(EchoMode);

        for (var i = 0; i < 20; i++)
        {
            using var client = server.Connect();
            client.Send($"one-shot {i}");
            Assert.That(client.Next(), Is.EqualTo($"one-shot {i}"));
        }

        Assert.That(() => server.Server.SessionCount, Is.Zero.After(15000, 20));
    }

    [Test]
    public void Echo_SendThenHalfClose_GetsTheEchoThenTheServerCloses()
    {
        using var server = TestServer.Start(EchoMode);
        using var client = server.Connect();

        client.SendBytes(Encoding.UTF8.GetBytes("hi\0"));
        client.Socket.Shutdown(SocketShutdown.Send);

        Assert.That(client.ReadToClose(), Is.EqualTo(new[] { "hi" }));
    }

    [Test]
    public void Echo_ClientThatNeverReads_SendsAndLeavesWithoutHurtingTheServer()
    {
        using var server = TestServer.Start(EchoMode);
        using (var silent = RawClient.Connect(server.Port, read: false))
        {
            for (var i = 0; i < 10; i++)
            {
                silent.Send($"unread {i}");
            }
        }

        using var client = server.Connect();
        client.Send("still echoing");
        Assert.That(client.Next(), Is.EqualTo("still echoing"));
        Assert.That(() => server.Server.SessionCount, Is.EqualTo(1).After(15000, 20));
    }

    [Test]
    public void Echo_FiftyConcurrentClients_EachGetsExactlyItsOwnMessages()
    {
        const int Clients = 50;
        const int PerClient = 100;
        using var server = TestServer.Start(EchoMode);
        var clients = Enumerable.Range(0, Clients).Select(_ => server.Connect()).ToList();
        var results = new List<string>[Clients];

        var threads = clients.Select((client, c) => new Thread(() =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                client.Send($"client {c} message {i}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.That(t.Join(RawClient.Patience), Is.True));
        for (var c = 0; c < Clients; c++)
        {
            results[c] = [.. Enumerable.Range(0, PerClient).Select(_ => clients[c].Next())];
        }

        for (var c = 0; c < Clients; c++)
        {
            Assert.That(results[c], Is.EqualTo(Enumerable.Range(0, PerClient).Select(i => $"client {c} message {i}")));
        }

        clients.ForEach(client => client.Dispose());
    }
}
