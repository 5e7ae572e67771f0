using System.Net.Sockets;
using TinCanChat.Client;

namespace TinCanChat.Tests.Client;

public class ServerListTests
{
    [TestCase("chat.example.org", "chat.example.org", 4040)]
    [TestCase("127.0.0.1:5000", "127.0.0.1", 5000)]
    [TestCase("[::1]:5000", "::1", 5000)]
    [TestCase("[::1]", "::1", 4040)]
    [TestCase("::1", "::1", 4040)]
    public void Parse_OneServer_HostAndPort(string text, string host, int port)
    {
        var list = ServerList.Parse(text, 4040, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(list!.Servers, Is.EqualTo(new[] { new ServerAddress(host, port) }));
    }

    [TestCase("127.0.0.1:0")]
    [TestCase("127.0.0.1:70000")]
    [TestCase("127.0.0.1:port")]
    [TestCase("a:1,,b:2")]
    [TestCase("[::1")]
    [TestCase(":4040")]
    public void Parse_Unreadable_SaysWhichOne(string text)
    {
        Assert.That(ServerList.Parse(text, 4040, out var problem), Is.Null);
        Assert.That(problem, Does.StartWith("Argument 'host' takes"));
    }

    [Test]
    public void Connect_TriesEachInTurn_AndStartsAfterTheOneUsedLast()
    {
        var list = ServerList.Parse("a:1,b:2,c:3", 4040, out _)!;
        var down = new HashSet<string> { "a" };
        var tried = new List<string>();
        string Reach(ServerAddress server)
        {
            tried.Add(server.Host);
            return down.Contains(server.Host)
                ? throw new ConnectFailedException($"{server.Host} is down.", new SocketException((int)SocketError.ConnectionRefused))
                : server.Host;
        }

        var first = list.Connect(Reach);
        var second = list.Connect(Reach);
        down.UnionWith(["b", "c"]);
        var none = Assert.Throws<ConnectFailedException>(() => list.Connect(Reach));

        Assert.That((first, second), Is.EqualTo(("b", "c")));
        Assert.That(tried, Is.EqualTo(new[] { "a", "b", "c", "a", "b", "c" }));
        Assert.That(none!.Message, Does.StartWith("None of the 3 servers answered: a is down. b is down. c is down."));
        Assert.That(none.MayPassByItself, Is.True);
    }
}
