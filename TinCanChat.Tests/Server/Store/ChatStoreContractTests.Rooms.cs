using System.Text.RegularExpressions;
using TinCanChat.Server.Sessions;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Store;

/// <summary>Several rooms at once (<c>/cap rooms</c>, SPEC §6), the same over every store.</summary>
public partial class ChatStoreContractTests
{
    [Test]
    public void CapRooms_InThreeRooms_EachRoomsLinesReachItsMembersInOneOrder()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var (alice, bob, carol) = AliceInLobbyDevAndOps(chat);

        chat.Send(bob, "b1");
        chat.Send(alice, "/say #lobby a1", "/say dev a2", "a3");
        chat.Send(carol, "c1");
        chat.Send(bob, "b2");

        // Rooms keep one order each, not one among them: wait for every room's last line.
        var seen = alice.WaitFor(got => new[] { " bob: b2", " carol: c1", " alice: a3" }.All(last => got.Any(line => line.EndsWith(last, StringComparison.Ordinal))), "the last line of each room");
        Assert.That(InRoom(seen, "#lobby"), Is.EqualTo(new[] { "bob: b1", "alice: a1", "bob: b2" }));
        Assert.That(InRoom(seen, "#dev"), Is.EqualTo(new[] { "alice: a2", "carol: c1" }));
        Assert.That(InRoom(seen, "#ops"), Is.EqualTo(new[] { "alice: a3" }), "a plain line goes to the room joined last");
        Assert.That(seen.Where(line => line.StartsWith('@')).GroupBy(line => line.Split(':')[0]).All(room => Ids(room).SequenceEqual(Ids(room).Order())), "ids increase within each room");

        bob.WaitForLine("bob: b2");
        carol.WaitForLine("carol: c1");
        Assert.That(bob.Lines.Where(IsChat), Is.EqualTo(new[] { "bob: b1", "alice: a1", "bob: b2" }), "a plain member of #lobby sees #lobby only: " + string.Join(" | ", bob.Lines));
        Assert.That(carol.Lines.Where(IsChat), Is.EqualTo(new[] { "alice: a2", "carol: c1" }), string.Join(" | ", carol.Lines));
    }

    [Test]
    public void Part_LeavesOneRoom_TheOthersStayAndTheRoomSeesItGo()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var (alice, bob, carol) = AliceInLobbyDevAndOps(chat);

        chat.Send(alice, "/part #dev");
        alice.WaitForLine("* you left #dev; your lines go to #ops");
        carol.WaitForLine("* alice left #dev");
        chat.Send(carol, "after");
        chat.Send(bob, "still");
        alice.WaitFor(got => got.Any(line => line.EndsWith(" bob: still", StringComparison.Ordinal)), "bob: still");
        Assert.That(alice.Lines, Has.None.Contains("carol: after"), "no line of a room left");

        chat.Send(alice, "/part", "/who");
        alice.WaitForLine("* you left #ops; your lines go to #lobby");
        alice.WaitFor(got => got.Any(line => line.StartsWith("* in #lobby (2)", StringComparison.Ordinal)), "/who of #lobby");
        chat.Send(alice, "/part #lobby");
        alice.WaitForLine("* error: #lobby is your only room: /join another before you leave it");
        chat.Send(alice, "/part #dev");
        alice.WaitForLine("* error: you are not in #dev: /join #dev first");
    }

    [Test]
    public void Focus_PicksTheRoomPlainLinesGoTo()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var (alice, bob, _) = AliceInLobbyDevAndOps(chat);

        chat.Send(alice, "/focus #lobby", "to the lobby");
        alice.WaitForLine("* your lines go to #lobby");
        bob.WaitForLine("alice: to the lobby");
        chat.Send(alice, "/focus #nowhere");
        alice.WaitForLine("* error: you are not in #nowhere: /join #nowhere first");
    }

    [Test]
    public void WithoutCapRooms_PartFocusAndSayAreRefused_AndJoinStillMoves()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var bob = chat.Join("guest-b");
        chat.Send(bob, "/nick bob", "/part", "/focus #lobby", "/say #lobby hi", "/join dev", "/who");
        bob.WaitFor(got => got.Any(line => line.StartsWith("* in #dev (1)", StringComparison.Ordinal)), "/who of #dev");
        Assert.That(bob.Lines.Count(line => line == "* error: that is for several rooms at once: /cap rooms first (or /join another room to move)"), Is.EqualTo(3));
        Assert.That(bob.Lines, Has.None.EqualTo("bob: hi"));
    }

    [Test]
    public void LeavingTheChat_IsSeenInEveryRoom_AndANewNameToo()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var (alice, bob, carol) = AliceInLobbyDevAndOps(chat);

        chat.Send(alice, "/nick alicia");
        bob.WaitForLine("* alice is now known as alicia");
        carol.WaitForLine("* alice is now known as alicia");

        chat.Router.OnLeft(alice, CloseReason.PeerClosed);
        var seen = bob.WaitFor(got => got.Any(line => line.StartsWith("* alicia left", StringComparison.Ordinal)), "alicia's leave in #lobby")
            .Concat(carol.WaitFor(got => got.Any(line => line.StartsWith("* alicia left", StringComparison.Ordinal)), "alicia's leave in #dev"))
            .Where(line => line.StartsWith("* alicia left", StringComparison.Ordinal)).ToList();
        Assert.That(seen, Is.EquivalentTo(new[] { "* alicia left #lobby", "* alicia left #dev" }), "#ops (in focus) hears how it left; each other room, which room it left: a member of several can tell");
        chat.Send(bob, "/rooms");
        bob.WaitFor(got => got.Any(line => line.StartsWith("* rooms:", StringComparison.Ordinal) && !line.Contains("#ops", StringComparison.Ordinal)), "#ops gone with its one member");
    }

    [Test]
    public void AKickFromOneOfSeveralRooms_TakesTheMemberOutOfThatOneOnly()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var (alice, bob, carol) = AliceInLobbyDevAndOps(chat);
        chat.Send(carol, "/register hunter2hunter2", "/room register");
        carol.WaitFor(got => got.Any(line => line.StartsWith("* #dev is registered to carol", StringComparison.Ordinal)), "#dev registered");

        chat.Send(carol, "/kick alice");
        alice.WaitForLine("* you were kicked from #dev by carol");
        carol.WaitForLine("* carol kicked alice from #dev");
        chat.Send(alice, "/who", "/say #lobby still here");
        alice.WaitFor(got => got.Any(line => line.StartsWith("* in #ops (1)", StringComparison.Ordinal)), "/who of #ops, still in focus");
        bob.WaitForLine("alice: still here");
        chat.Send(alice, "/say #dev back?");
        alice.WaitForLine("* error: you are not in #dev: /join #dev first");
    }

    // alice (/cap rooms) in #lobby, #dev and #ops, in focus #ops; bob in #lobby; carol in #dev.
    private static (RecordingSession Alice, RecordingSession Bob, RecordingSession Carol) AliceInLobbyDevAndOps(ChatStores chat)
    {
        var alice = chat.Join("guest-a");
        var bob = chat.Join("guest-b");
        var carol = chat.Join("guest-c");
        chat.Send(alice, "/nick alice", "/cap rooms");
        chat.Send(bob, "/nick bob");
        chat.Send(carol, "/nick carol", "/join dev");
        carol.WaitForLine("* carol joined #dev");
        chat.Send(alice, "/join dev", "/join #ops");
        alice.WaitForLine("* alice joined #ops");
        carol.WaitForLine("* alice joined #dev");
        bob.WaitForLine("* carol left #lobby");
        alice.WaitFor(got => got.Any(line => line.StartsWith("* capabilities: rooms", StringComparison.Ordinal)), "/cap rooms answered");
        return (alice, bob, carol);
    }

    private static bool IsChat(string line) => Regex.IsMatch(line, "^[a-z]+: ");

    // The texts of one room's chat lines, in the order they came, prefixes taken off.
    private static string[] InRoom(IEnumerable<string> lines, string room) =>
        [.. lines.Select(line => Prefixed().Match(line)).Where(match => match.Success && match.Groups["room"].Value == room).Select(match => match.Groups["text"].Value)];

    private static IEnumerable<long> Ids(IEnumerable<string> lines) =>
        lines.Select(line => long.Parse(Prefixed().Match(line).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture));
}
