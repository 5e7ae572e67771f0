using System.Globalization;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class ClientProgramTests
{
    [Test]
    public void TwoClients_ExchangeMessages_EachSeesBothLinesOnStdout()
    {
        using var server = TestServer.Start();
        using var alice = StartClient(server.Port);
        alice.NextLineMatching(line => line.Contains("joined (1 online)", StringComparison.Ordinal));
        using var bob = StartClient(server.Port);
        bob.NextLineMatching(line => line.Contains("joined (2 online)", StringComparison.Ordinal));

        alice.Input.WriteLine("hello from alice");
        Assert.That(bob.NextLineMatching(IsChat), Does.EndWith(": hello from alice"));
        bob.Input.WriteLine("hi alice, ünïcödé 🧀");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bob.NextLineMatching(IsChat), Does.EndWith(": hi alice, ünïcödé 🧀"));
            Assert.That(alice.NextLineMatching(IsChat), Does.EndWith(": hello from alice"));
            Assert.That(alice.NextLineMatching(IsChat), Does.EndWith(": hi alice, ünïcödé 🧀"));
        }
    }

    [Test]
    public void Q_ExitsZeroAndTheOthersSeeALeave()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        using var client = StartClient(server.Port);
        client.NextLineMatching(line => line.Contains("joined", StringComparison.Ordinal));

        client.Input.WriteLine("q");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Zero);
            Assert.That(witness.NextMatching(line => line.Contains(" left", StringComparison.Ordinal)), Does.EndWith("left (1 online)"));
        }
    }

    [Test]
    public void EndOfInput_SendsEverythingThenExitsZero()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        using var client = StartClient(server.Port);

        client.Input.WriteLine("one");
        client.Input.WriteLine("two");
        client.Input.Close();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Zero);
            Assert.That(witness.NextChat(2).Select(line => line[line.IndexOf(": ", StringComparison.Ordinal)..]), Is.EqualTo(new[] { ": one", ": two" }));
        }
    }

    [Test]
    public void ServerStops_ClientSaysConnectionClosedOnStderrAndExitsNonZero()
    {
        var server = TestServer.Start();
        using var client = StartClient(server.Port);
        client.NextLineMatching(line => line.Contains("joined", StringComparison.Ordinal));

        server.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Not.Zero);
            Assert.That(client.StandardError, Has.Some.EqualTo("connection to server closed"));
            Assert.That(client.RemainingOutput(), Has.Some.EqualTo("* server shutting down"));
        }
    }

    [Test]
    public void ConnectionRefused_OneLineOnStderrAndNonZeroExit()
    {
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Not.Zero);
            Assert.That(client.StandardError, Has.Exactly(1).Items);
            Assert.That(client.StandardError[0], Does.Contain("connection refused"));
        }
    }

    [TestCase("--port", "0", "--port")]
    [TestCase("--port", "abc", "Option '--port' takes a whole number; got 'abc'.")]
    [TestCase("--bogus", "", "Unrecognized option '--bogus'.")]
    public void BadOption_OneSentenceNamingItAndExitTwo(string option, string value, string said)
    {
        using var client = ProgramProcess.Start("Client", [.. new[] { option, value }.Where(arg => arg.Length > 0)]);

        Assert.That(client.WaitForExit(), Is.EqualTo(2));
        Assert.That(client.StandardError[0], Does.Contain(said));
        Assert.That(client.StandardError, Has.None.Contains("System."), "no .NET type names");
    }

    [Test]
    public void Nick_PicksTheNicknameAsSoonAsConnected()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        using var client = StartClient(server.Port, "--nick", "alice");

        Assert.That(witness.NextMatching(line => line.Contains("known as", StringComparison.Ordinal)), Does.EndWith("is now known as alice"));
        client.Input.WriteLine("hi");
        Assert.That(witness.NextMatching(IsChat), Is.EqualTo("alice: hi"));
    }

    [Test]
    public void QuitCommand_TheServerClosesAndTheClientExitsZero()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        using var client = StartClient(server.Port, "--nick", "alice");
        witness.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal));

        client.Input.WriteLine("/quit lunch");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(witness.Next(), Is.EqualTo("* alice left (lunch)"));
            Assert.That(client.WaitForExit(), Is.Zero);
            Assert.That(client.StandardError, Has.None.Contains("connection to server closed"));
        }
    }

    [Test]
    public void Reconnect_ServerStoppedAndStartedAgain_ClientComesBackWithItsNicknameAndRoom()
    {
        var first = TestServer.Start();
        var port = first.Port;
        using var client = StartClient(port, "--nick", "alice", "--reconnect");
        using (var witness = first.Join())
        {
            witness.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal));
            client.Input.WriteLine("/join dev");
            witness.NextMatching(line => line == "* alice left #lobby");
        }

        first.Dispose();
        using var second = TestServer.Start(port: port);
        using var devMember = second.Join();
        devMember.Send("/join dev");
        devMember.NextMatching(line => line.EndsWith("joined #dev", StringComparison.Ordinal));

        // alice is in #dev already (the list says so) or arrives after (a notice says so).
        devMember.Send("/who");
        if (!devMember.NextMatching(line => line.StartsWith("* in #dev", StringComparison.Ordinal)).Contains("alice", StringComparison.Ordinal))
        {
            Assert.That(devMember.NextMatching(line => line.StartsWith("* alice", StringComparison.Ordinal)), Is.EqualTo("* alice joined #dev"), "back with its nickname, in its room");
        }

        client.Input.WriteLine("back again");
        Assert.That(devMember.NextMatching(IsChat), Is.EqualTo("alice: back again"));
        Assert.That(client.StandardError, Has.Some.StartsWith("connection to server lost; trying again in"));
    }

    [TestCase(0)]
    [TestCase(5)]
    public void Reconnect_AfterTheNetworkDropped_TheClientShowsWhatWasSaidMeanwhile_OnceEach(int history)
    {
        // With --history the server also replays its last lines on entering: nothing twice all the same.
        using var server = TestServer.Start(new TinCanChat.Server.Hosting.ServerOptions { History = history });
        using var proxy = new CuttableProxy(server.Port);
        using var talker = server.Join();
        using var client = StartClient(proxy.Port, "--nick", "alice", "--reconnect");
        talker.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal));
        talker.Send("before the drop");
        client.NextLineMatching(line => line.EndsWith(": before the drop", StringComparison.Ordinal));

        proxy.Cut();
        talker.NextMatching(line => line.StartsWith("* alice left", StringComparison.Ordinal));
        foreach (var line in (string[])["while away 1", "while away 2", "while away 3"])
        {
            talker.Send(line);
        }

        talker.NextChat(3);
        talker.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal));
        talker.Send("after the return");

        var shown = new List<string>();
        while (shown.Count == 0 || !shown[^1].EndsWith(": after the return", StringComparison.Ordinal))
        {
            shown.Add(client.NextLineMatching(IsChat));
        }

        Assert.That(shown.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]), Is.EqualTo(new[] { "while away 1", "while away 2", "while away 3", "after the return" }),
            "what was said while the network was down, once each and in order, without the ids, then the live line");
        Assert.That(client.StandardError, Has.Some.StartsWith("connection to server lost; trying again in"));
    }

    private static ProgramProcess StartClient(int port, params string[] options) =>
        ProgramProcess.Start("Client", ["127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), .. options]);

    private static bool IsChat(string line) => !line.StartsWith("* ", StringComparison.Ordinal);
}
