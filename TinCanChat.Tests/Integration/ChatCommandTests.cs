using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §6 through real sockets: every command, as a plain client types it.</summary>
public class ChatCommandTests
{
    [Test]
    public void Nick_ValidName_EveryoneSeesTheChangeAndLinesCarryIt()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        using var bob = server.Join();
        alice.WaitForJoinOf(bob);

        alice.Send("/nick alice");
        alice.Send("hello");

        Assert.That(bob.Next(), Is.EqualTo($"* {alice.Label} is now known as alice"));
        Assert.That(bob.Next(), Is.EqualTo("alice: hello"));
    }

    [TestCase("1abc", "* error: nickname '1abc' must start with a letter")]
    [TestCase("this-name-is-far-too-long-to-use", "* error: nickname 'this-name-is-far-too-long-to-use' must be 1 to 24 characters")]
    [TestCase("bob!", "* error: nickname 'bob!' may hold only letters, digits, _ and -")]
    public void Nick_InvalidName_OnlyTheSenderIsToldWhy(string name, string error)
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send($"/nick {name}");

        Assert.That(alice.Next(), Is.EqualTo(error));
    }

    [Test]
    public void Nick_TakenInAnotherCase_IsRefusedAndFreedWhenItsOwnerLeaves()
    {
        using var server = TestServer.Start();
        var alice = server.Join();
        using var bob = server.Join();
        alice.Send("/nick Alice");
        bob.NextMatching(line => line.EndsWith("is now known as Alice", StringComparison.Ordinal));

        bob.Send("/nick ALICE");
        Assert.That(bob.Next(), Is.EqualTo("* error: the nickname ALICE is taken"));

        alice.Dispose();
        bob.NextMatching(line => line.StartsWith("* Alice left", StringComparison.Ordinal));
        bob.Send("/nick ALICE");
        Assert.That(bob.Next(), Is.EqualTo($"* {bob.Label} is now known as ALICE"));
    }

    [Test]
    public void Nick_TenClientsAskForOneNameAtOnce_ExactlyOneGetsIt()
    {
        using var server = TestServer.Start();
        var clients = Enumerable.Range(0, 10).Select(_ => server.Join()).ToList();
        using var witness = server.Join();
        clients.ForEach(client => client.WaitForJoinOf(witness));
        var start = new Barrier(clients.Count);
        var threads = clients.Select(client => new Thread(() =>
        {
            start.SignalAndWait();
            client.Send("/nick same");
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var winners = 0;
        foreach (var client in clients)
        {
            var own = client.NextMatching(line => line == $"* {client.Label} is now known as same" || line.StartsWith("* error:", StringComparison.Ordinal));
            if (own.StartsWith("* error:", StringComparison.Ordinal))
            {
                Assert.That(own, Is.EqualTo("* error: the nickname same is taken"));
            }
            else
            {
                winners++;
            }
        }

        Assert.That(winners, Is.EqualTo(1), "exactly one got the name");
        Assert.That(witness.NextMatching(line => line.EndsWith("is now known as same", StringComparison.Ordinal)), Does.StartWith("* 127.0.0.1:"));
        clients.ForEach(client => client.Dispose());
    }

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
        carol.Send("/join dev");
        Assert.That(alice.Next(), Is.EqualTo($"* {carol.Label} joined #dev"));

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
    public void Help_OneLinePerCommand()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send("/help");

        var lines = Enumerable.Range(0, 8).Select(_ => alice.Next()).ToList();
        Assert.That(lines, Has.All.StartWith("* /"));
        Assert.That(string.Join("\n", lines), Does.Contain("/nick").And.Contain("/who").And.Contain("/msg").And.Contain("/join").And.Contain("/rooms").And.Contain("/quit"));
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
}
