using TinCanChat.Server.Store.Shared;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Store;

/// <summary>
/// The shared chat's ordering (SPEC §9), several servers in one process over an in-memory shared
/// state that delivers late, twice or never: what Redis and the network may do to a feed.
/// </summary>
public class SharedChatStoreTests
{
    [Test]
    public void AnEntryWhoseLinesArriveLateAndReversed_GetsItsHistory_ThenEachLaterLineOnce_InOrder()
    {
        using var servers = new SharedChatServers(2, history: 10);
        var alice = servers.JoinAs(0, "alice");
        servers.Send(0, alice, "before");
        alice.WaitForLine("alice: before");

        servers.State.Publishing = (_, _) => Delivery.Late;
        var bob = servers.Join(1, "bob-addr");
        servers.Send(0, alice, "after 1", "after 2");
        servers.State.DeliverLate();

        var lines = bob.WaitFor(got => got.Contains("alice: after 2"), "alice's lines");
        Assert.That(lines.Where(line => line.StartsWith("alice: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "alice: before", "alice: after 1", "alice: after 2" }),
            "history before its entry, then the lines after it: none missing, none twice");
        Assert.That(lines.ToList().IndexOf("* history of #lobby:"), Is.LessThan(lines.ToList().IndexOf("alice: before")));
    }

    [Test]
    public void EntriesNumberedOnSeveralThreadsAtOnce_EveryoneIsLetIn()
    {
        using var servers = new SharedChatServers(1);
        servers.State.Publishing = (_, _) => Delivery.Late;
        var clients = new RecordingSession[20];
        var threads = Enumerable.Range(0, clients.Length).Select(i => new Thread(() => clients[i] = servers.Join(0, $"c{i}"))).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        servers.State.Publishing = (_, _) => Delivery.Now;
        servers.State.DeliverLate();

        var talker = servers.Join(0, "talker");
        servers.Send(0, talker, "hello all");
        foreach (var client in clients)
        {
            client.WaitForLine("talker: hello all");
        }
    }

    [Test]
    public void ALineLostOnTheWay_IsReadFromTheLog_BeforeTheNextOne()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.Join(1, "bob-addr");
        alice.WaitFor(lines => lines.Any(line => line.StartsWith("* bob-addr joined", StringComparison.Ordinal)), "bob's arrival");

        servers.State.Publishing = (_, line) => line.Text == "alice: two" ? Delivery.Never : Delivery.Now;
        servers.Send(0, alice, "one", "two", "three");

        var lines = bob.WaitFor(got => got.Contains("alice: three"), "alice: three");
        Assert.That(lines.Where(line => line.StartsWith("alice: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "alice: one", "alice: two", "alice: three" }));
    }

    [Test]
    public void ALineGoneFromTheLogToo_IsSkipped_AndTheRoomGoesOn()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.Join(1, "bob-addr");
        alice.WaitFor(lines => lines.Any(line => line.StartsWith("* bob-addr joined", StringComparison.Ordinal)), "bob's arrival");

        servers.State.Publishing = (room, line) =>
        {
            if (line.Text != "alice: two")
            {
                return Delivery.Now;
            }

            servers.State.ForgetLogged(room, line.Seq);
            return Delivery.Never;
        };
        servers.Send(0, alice, "one", "two", "three");
        servers.Send(0, alice, "four");

        var lines = bob.WaitFor(got => got.Contains("alice: four"), "alice: four");
        Assert.That(lines.Where(line => line.StartsWith("alice: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "alice: one", "alice: three", "alice: four" }));
    }

    [Test]
    public void EveryLineDeliveredTwice_IsShownOnce()
    {
        using var servers = new SharedChatServers(2);
        servers.State.Publishing = (_, _) => Delivery.Twice;
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.Join(1, "bob-addr");
        servers.Send(0, alice, "one", "two");
        servers.Send(0, alice, "three");

        var lines = bob.WaitFor(got => got.Contains("alice: three"), "alice: three");
        Assert.That(lines.Where(line => line.StartsWith("alice: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "alice: one", "alice: two", "alice: three" }));
    }

    [Test]
    public void SharedStateEmptied_ServersPutTheirMembersBack_AndTheRoomTalksOnUnderANewNumbering()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.JoinAs(1, "bob");
        servers.Send(0, alice, "one");
        bob.WaitForLine("alice: one");

        servers.State.Restart();
        servers.Send(0, alice, "after the restart");
        servers.Send(1, bob, "me too");

        bob.WaitForLine("alice: after the restart");
        alice.WaitForLine("bob: me too");
        servers.Send(0, alice, "/who");
        alice.WaitFor(lines => lines.Any(line => line.StartsWith("* in #lobby (2): ", StringComparison.Ordinal)), "both in /who");
    }

    [Test]
    public void AReaderBehindOnOneServer_HoldsBackASenderOnAnother_UntilItCatchesUp()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.JoinAs(1, "bob");
        alice.WaitForLine("* bob-addr is now known as bob");

        servers.Behind(1, bob, behind: true);
        servers.Send(0, alice, "one");
        Assert.That(SpinWait.SpinUntil(() => servers.State.Held("lobby"), TimeSpan.FromSeconds(10)), Is.True, "the room marked held");
        var sender = new Thread(() => servers.Send(0, alice, "two"));
        sender.Start();

        Assert.That(sender.Join(300), Is.False, "the sender waits while bob is behind");
        Assert.That(servers.State.Logged("lobby"), Does.Not.Contain("alice: two"), "nothing was numbered meanwhile");
        servers.Behind(1, bob, behind: false);

        Assert.That(sender.Join(TimeSpan.FromSeconds(10)), Is.True);
        var lines = bob.WaitFor(got => got.Contains("alice: two"), "alice: two");
        Assert.That(lines.Where(line => line.StartsWith("alice: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "alice: one", "alice: two" }));
    }

    [Test]
    public void APrivateLineToAMemberOfAnotherServer_ReachesIt_AndTheSenderGetsItsCopy()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.JoinAs(1, "bob");

        servers.Send(0, alice, "/msg BOB psst");

        bob.WaitForLine("alice -> bob: psst");
        alice.WaitForLine("alice -> bob: psst");
        servers.Send(0, alice, "/msg nobody hello");
        alice.WaitForLine("* error: no one called nobody");
    }

    [Test]
    public void AJoin_NeverShowsTheOldRoomsLinesAfterTheNewRooms()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var carol = servers.JoinAs(1, "carol");
        var dave = servers.JoinAs(1, "dave");
        servers.Send(1, dave, "/join dev");
        dave.WaitForLine("* dave joined #dev");

        servers.State.Publishing = (room, _) => room == "lobby" ? Delivery.Late : Delivery.Now;
        servers.Send(1, carol, "old room");
        servers.Send(0, alice, "/join dev");
        alice.WaitForLine("* alice joined #dev");
        servers.Send(1, dave, "new room");
        alice.WaitForLine("dave: new room");
        servers.State.DeliverLate();
        servers.Send(1, dave, "later");

        var lines = alice.WaitFor(got => got.Contains("dave: later"), "dave: later");
        Assert.That(lines.SkipWhile(line => line != "dave: new room"), Does.Not.Contain("carol: old room"));
    }

    [Test]
    public void AMoveBeforeTheArrivalGotToTheFeed_NeverLeavesTheMemberInTheOldRoom()
    {
        using var servers = new SharedChatServers(2);
        var carol = servers.JoinAs(1, "carol");
        servers.State.Publishing = (room, _) => room == "lobby" ? Delivery.Late : Delivery.Now;
        var alice = servers.Join(0, "alice-addr");
        servers.Send(0, alice, "/join dev");
        alice.WaitForLine("* alice-addr joined #dev");

        servers.State.Publishing = (_, _) => Delivery.Now;
        servers.State.DeliverLate();
        servers.Send(1, carol, "in the lobby");
        carol.WaitForLine("carol: in the lobby");
        servers.Send(0, alice, "/rooms");

        var lines = alice.WaitFor(got => got.Any(line => line.StartsWith("* rooms:", StringComparison.Ordinal)), "/rooms");
        Assert.That(lines, Does.Not.Contain("carol: in the lobby"), "alice left #lobby at her number, before its feed had let her in");
        Assert.That(lines[^1], Does.Contain("#lobby (1)").And.Contain("#dev (1)"));
    }

    [Test]
    public void SharedStateEmptied_AMemberInSeveralRooms_IsPutBackInEachOfThem()
    {
        using var servers = new SharedChatServers(2);
        var alice = servers.JoinAs(0, "alice");
        var bob = servers.JoinAs(1, "bob");
        servers.Send(1, bob, "/join dev");
        bob.WaitForLine("* bob joined #dev");
        servers.Send(0, alice, "/cap rooms", "/join dev", "/focus #lobby");
        alice.WaitForLine("* your lines go to #lobby");

        servers.State.Restart();
        servers.Send(1, bob, "after the restart");
        alice.WaitFor(lines => lines.Any(line => line.EndsWith(" bob: after the restart", StringComparison.Ordinal)), "#dev's line");
        servers.Send(0, alice, "/who", "/say #dev still here");
        alice.WaitFor(lines => lines.Any(line => line.StartsWith("* in #lobby (1): alice", StringComparison.Ordinal)), "alice in #lobby");
        bob.WaitForLine("alice: still here");
        servers.Send(1, bob, "/who");
        bob.WaitFor(lines => lines.Any(line => line.StartsWith("* in #dev (2): ", StringComparison.Ordinal)), "both in #dev");
    }
}
