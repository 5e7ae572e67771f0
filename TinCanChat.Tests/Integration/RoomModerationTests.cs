using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Registered rooms, their modes and moderation (SPEC §10), on the real server over loopback.</summary>
public class RoomModerationTests
{
    private const string Password = "correct-horse-1";

    [Test]
    public void APrivateRoom_LetsInOnlyTheInvited_AndAKickedMemberCannotComeStraightBack()
    {
        using var server = TestServer.Start();
        using var alice = Owner(server, "team");
        using var bob = AccountTests.Named(server, "bob");
        using var carol = AccountTests.Named(server, "carol");
        alice.Send("/room private on");
        alice.NextMatching(line => line.StartsWith("* alice made #team private", StringComparison.Ordinal));

        alice.Send("/invite bob");
        bob.NextMatching(line => line == "* alice invited you to #team: /join #team");
        bob.Send("/join #team");
        bob.NextMatching(line => line == "* bob joined #team");
        carol.Send("/join #team");
        Assert.That(Error(carol), Is.EqualTo("* error: #team is private (invite only): ask one of its operators to /invite you (you are still in #lobby)"));

        alice.Send("/kick bob spamming");
        Assert.That(alice.NextMatching(line => line.Contains("kicked", StringComparison.Ordinal)), Is.EqualTo("* alice kicked bob from #team: spamming"));
        Assert.That(bob.NextMatching(line => line.Contains("kicked", StringComparison.Ordinal)), Is.EqualTo("* you were kicked from #team by alice: spamming"));
        bob.NextMatching(line => line == "* bob joined #lobby");
        bob.Send("/join #team");
        Assert.That(Error(bob), Does.StartWith("* error: #team is private"), "a kick takes the invitation away");
    }

    [Test]
    public void Operators_CannotKickOrBanTheOwner_AndOnlyOperatorsModerate()
    {
        using var server = TestServer.Start();
        using var alice = Owner(server, "team");
        using var bob = Account(server, "bob");
        bob.Send("/join team");
        bob.NextMatching(line => line == "* bob joined #team");

        bob.Send("/kick alice");
        Assert.That(Error(bob), Is.EqualTo("* error: only the owner and operators of #team can do that"));
        alice.Send("/op bob");
        bob.NextMatching(line => line == "* alice made bob an operator of #team");
        bob.Send("/kick alice");
        Assert.That(Error(bob), Is.EqualTo("* error: alice owns #team: no one can kick its owner"));
        bob.Send("/ban alice");
        Assert.That(Error(bob), Is.EqualTo("* error: alice owns #team: no one can ban its owner"));
        bob.Send("/topic Release on Friday");
        alice.NextMatching(line => line == "* bob set the topic of #team: Release on Friday");
        bob.Send("/room info");
        Assert.That(bob.NextMatching(line => line.StartsWith("* #team:", StringComparison.Ordinal)), Is.EqualTo("* #team: owner alice; operators: bob; topic: Release on Friday; open to everyone"));
    }

    [Test]
    public void ABannedGuest_ReconnectingFromTheSameAddress_StaysBanned()
    {
        using var server = TestServer.Start();
        using var alice = Owner(server, "team");
        using (var spammer = server.Join())
        {
            spammer.Send("/join team");
            spammer.NextMatching(line => line == $"* {spammer.Label} joined #team");
            alice.Send($"/ban {spammer.Label}");
            Assert.That(spammer.NextMatching(line => line.Contains("banned", StringComparison.Ordinal)), Is.EqualTo("* you were banned from #team by alice"));
        }

        using var again = server.Join();
        again.Send("/join team");
        Assert.That(Error(again), Is.EqualTo("* error: you are banned from #team (you are still in #lobby)"));
        alice.Send("/room info");
        alice.NextMatching(line => line.StartsWith("* #team:", StringComparison.Ordinal));
    }

    [Test]
    public void AKeyedRoom_NeedsItsKey()
    {
        using var server = TestServer.Start();
        using var alice = Owner(server, "team");
        using var bob = server.Join();
        alice.Send("/room key s3cret");
        alice.NextMatching(line => line.StartsWith("* alice set a key on #team", StringComparison.Ordinal));

        bob.Send("/join team");
        Assert.That(Error(bob), Is.EqualTo("* error: #team needs a key: /join #team KEY (you are still in #lobby)"));
        bob.Send("/join team nope");
        Assert.That(Error(bob), Is.EqualTo("* error: wrong key for #team (you are still in #lobby)"));
        bob.Send("/join team s3cret");
        bob.NextMatching(line => line == $"* {bob.Label} joined #team");
    }

    [Test]
    public void ARestart_KeepsAccountsOwnersOperatorsBansTopicsAndModes()
    {
        var data = Directory.CreateTempSubdirectory("tincan-rooms-");
        try
        {
            string banned;
            using (var server = TestServer.Start(new ServerOptions { Data = data.FullName }))
            {
                using var alice = Owner(server, "team");
                using var bob = Account(server, "bob");
                using var guest = server.Join();
                banned = guest.Label;
                alice.Send("/op bob");
                alice.Send("/topic Plans");
                alice.Send("/room private on");
                alice.NextMatching(line => line.StartsWith("* alice made #team private", StringComparison.Ordinal));
                guest.Send("/join team");
                Error(guest);
                alice.Send("/invite " + guest.Label);
                guest.NextMatching(line => line.StartsWith("* alice invited you", StringComparison.Ordinal));
                guest.Send("/join team");
                guest.NextMatching(line => line.EndsWith(" joined #team", StringComparison.Ordinal));
                alice.Send("/ban " + guest.Label);
                guest.NextMatching(line => line.StartsWith("* you were banned", StringComparison.Ordinal));
            }

            using var again = TestServer.Start(new ServerOptions { Data = data.FullName });
            using var owner = again.Join();
            owner.Send($"/login alice {Password}");
            owner.NextMatching(line => line == "* logged in as alice");
            owner.Send("/join team");
            Assert.That(owner.NextMatching(line => line.StartsWith("* topic", StringComparison.Ordinal)), Is.EqualTo("* topic of #team: Plans"));
            owner.Send("/room info");
            Assert.That(owner.NextMatching(line => line.StartsWith("* #team:", StringComparison.Ordinal)), Is.EqualTo("* #team: owner alice; operators: bob; topic: Plans; private (invite only)"));
            using var stranger = again.Join();
            stranger.Send("/nick bob");
            Assert.That(Error(stranger), Is.EqualTo("* error: bob is registered; /login bob PASSWORD"));
            stranger.Send("/join team");
            Assert.That(Error(stranger), Does.StartWith("* error: you are banned from #team").Or.StartWith("* error: #team is private"), $"banned as {banned}, from the same address");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    // Logged in as alice, owner of the room, in it.
    private static RawClient Owner(TestServer server, string room)
    {
        var alice = Account(server, "alice");
        alice.Send($"/join {room}");
        alice.Send("/room register");
        alice.NextMatching(line => line.StartsWith($"* #{room} is registered to alice", StringComparison.Ordinal));
        return alice;
    }

    private static RawClient Account(TestServer server, string name)
    {
        var client = AccountTests.Named(server, name);
        client.Send($"/register {Password}");
        client.NextMatching(line => line.StartsWith($"* registered {name}", StringComparison.Ordinal));
        return client;
    }

    private static string Error(RawClient client) => client.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal));
}
