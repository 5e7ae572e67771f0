using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §6 through real sockets: every command, as a plain client types it.</summary>
public partial class ChatCommandTests
{

    [Test]
    public void Who_ListsTheRoomWithNamesAndCount()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        using var other = server.Join();
        alice.WaitForJoinOf(other);
        alice.Send("/nick alice");
        alice.Next();

        alice.Send("/who");

        Assert.That(alice.Next(), Is.EqualTo($"* in #lobby (2): alice, {other.Label}"));
    }

    [Test]
    public void Msg_ReachesOnlyItsTargetAndTheSender()
    {
        using var server = TestServer.Start();
        var clients = server.JoinMany(3);
        using var alice = clients[0];
        using var bob = clients[1];
        using var carol = clients[2];
        bob.Send("/nick bob");
        alice.NextMatching(line => line.EndsWith("known as bob", StringComparison.Ordinal));
        carol.NextMatching(line => line.EndsWith("known as bob", StringComparison.Ordinal));

        alice.Send("/msg BOB psst");
        alice.Send("public");

        var whisper = $"{alice.Label} -> bob: psst";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alice.Next(), Is.EqualTo(whisper));
            Assert.That(bob.NextMatching(line => !line.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo(whisper));
            Assert.That(carol.Next(), Is.EqualTo($"{alice.Label}: public"), "carol never sees the private line");
        }
    }

    [Test]
    public void Msg_UnknownName_IsAnError()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send("/msg zed hello?");

        Assert.That(alice.Next(), Is.EqualTo("* error: no one called zed"));
    }

    [Test]
    public void Join_AnotherRoom_LinesStayInTheirRoomAndRoomsAreListed()
    {
        using var server = TestServer.Start();
        var clients = server.JoinMany(3);
        using var alice = clients[0];
        using var bob = clients[1];
        using var carol = clients[2];

        alice.Send("/join #dev");
        Assert.That(alice.Next(), Is.EqualTo($"* {alice.Label} joined #dev"));
        Assert.That(bob.Next(), Is.EqualTo($"* {alice.Label} left #lobby"));
        carol.Send("/join Dev");
        Assert.That(alice.Next(), Is.EqualTo($"* {carol.Label} joined #dev"), "one room, one name, however it is typed");

        bob.Send("only the lobby hears this");
        bob.NextChat(1);
        alice.Send("only dev hears this");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(carol.NextChat(1), Is.EqualTo(new[] { $"{alice.Label}: only dev hears this" }), "#lobby lines never reach #dev");
            alice.Send("/rooms");
            Assert.That(alice.NextMatching(line => line.StartsWith("* rooms", StringComparison.Ordinal)), Is.EqualTo("* rooms: #dev (2), #lobby (1)"));
        }

        bob.Send("still alone?");
        Assert.That(bob.NextChat(1), Is.EqualTo(new[] { $"{bob.Label}: still alone?" }));
    }

    [Test]
    public void Join_LastMemberLeaves_TheRoomDisappears()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        alice.Send("/join temp");
        alice.Next();

        alice.Send("/join lobby");
        alice.Next();
        alice.Send("/rooms");

        Assert.That(alice.Next(), Is.EqualTo("* rooms: #lobby (1)"));
    }

    [Test]
    public void Join_TheRoomOneIsIn_SaysSoAndMovesNoOne()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send("/join #LOBBY");

        Assert.That(alice.Next(), Is.EqualTo("* you are already in #lobby"));
    }

    [Test]
    public void Me_TheRoomSeesTheAction_AsAChatLineThatIsKept()
    {
        using var server = TestServer.Start(new ServerOptions { History = 5 });
        var clients = server.JoinMany(2);
        using var alice = clients[0];
        using var bob = clients[1];
        alice.Send("/nick alice");
        bob.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal));

        alice.Send("/me waves");

        Assert.That(bob.Next(), Is.EqualTo("* alice waves"));
        Assert.That(alice.NextMatching(line => line.EndsWith("waves", StringComparison.Ordinal)), Is.EqualTo("* alice waves"));
        using var carol = server.Connect();
        Assert.That(carol.NextMatching(line => line.EndsWith("waves", StringComparison.Ordinal)), Is.EqualTo("* alice waves"), "in the history a newcomer gets");
    }

    [Test]
    public void Help_OneLinePerCommand()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send("/help");

        var lines = Enumerable.Range(0, 11).Select(_ => alice.Next()).ToList();
        Assert.That(lines, Has.All.StartWith("* /"));
        Assert.That(string.Join("\n", lines), Does.Contain("/nick").And.Contain("/who").And.Contain("/msg").And.Contain("/join").And.Contain("/rooms").And.Contain("/quit")
            .And.Contain("/history").And.Contain("/cap ids").And.Contain("/resume"));
    }

    [Test]
    public void Quit_WithAReason_TheRoomIsToldAndTheConnectionCloses()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        using var bob = server.Join();
        alice.WaitForJoinOf(bob);
        alice.Send("/nick alice");
        bob.Next();
        alice.Next();

        alice.Send("/quit gone fishing");

        Assert.That(bob.Next(), Is.EqualTo("* alice left (gone fishing)"));
        Assert.That(alice.ReadToClose(), Is.Empty);
    }

    [TestCase("/foo", "* error: unknown command /foo — try /help")]
    [TestCase("/nick", "* error: usage: /nick NAME")]
    public void BadCommand_OnlyTheSenderIsToldAndNothingIsBroadcast(string line, string reply)
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        using var bob = server.Join();
        alice.WaitForJoinOf(bob);

        alice.Send(line);
        alice.Send("after");

        Assert.That(alice.Next(), Is.EqualTo(reply));
        Assert.That(bob.Next(), Is.EqualTo($"{alice.Label}: after"));
    }

    [Test]
    public void DoubleSlash_SendsTheTextWithOneSlash()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send("//shrug");

        Assert.That(alice.Next(), Is.EqualTo($"{alice.Label}: /shrug"));
    }

    [Test]
    public void Who_LongerThanTheMessageLimit_ComesInSeveralLinesWithinIt()
    {
        using var server = TestServer.Start(new ServerOptions { MaxMessageBytes = 120 });
        var clients = server.JoinMany(12);
        try
        {
            clients[0].Send("/who");

            var lines = new List<string> { clients[0].NextMatching(line => line.StartsWith("* in #lobby (12): ", StringComparison.Ordinal)) };
            while (lines.Count < 12 && string.Join(", ", lines).Split(", ").Length < 12)
            {
                lines.Add(clients[0].NextMatching(line => line.StartsWith("* in #lobby (continued): ", StringComparison.Ordinal)));
            }

            Assert.That(lines, Has.Count.GreaterThan(1));
            Assert.That(lines.Select(line => System.Text.Encoding.UTF8.GetByteCount(line)), Has.All.LessThanOrEqualTo(120), "no line the server sends is over its own limit");
            var named = lines.SelectMany(line => line[(line.IndexOf("): ", StringComparison.Ordinal) + 3)..].Split(", ")).ToList();
            Assert.That(named, Is.EqualTo(clients.Select(client => client.Label)), "everyone, in order of arrival");
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Test]
    public void ALineThatWithTheNameInFrontWouldPassTheLimit_IsRefusedNotRelayed_AndTheSenderStays()
    {
        using var server = TestServer.Start(new ServerOptions { MaxMessageBytes = 100 });
        using var sender = server.Join();
        using var reader = server.Join();
        sender.WaitForJoinOf(reader);

        sender.Send(new string('x', 95));
        Assert.That(sender.Next(), Does.StartWith("* error: your line was not sent: with your name in front it exceeds 100 bytes"));
        sender.Send("short");

        Assert.That(reader.NextChat(1), Is.EqualTo(new[] { $"{sender.Label}: short" }), "the long one was never relayed");
    }
}
