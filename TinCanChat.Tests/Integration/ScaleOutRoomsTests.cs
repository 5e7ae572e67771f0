using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Several rooms at once (<c>/cap rooms</c>, SPEC §6) across two server processes sharing a real Redis.</summary>
public class ScaleOutRoomsTests
{
    [Test]
    public void AMemberInThreeRooms_SpeaksInEach_PartsOne_AndLeavesThemAll_AcrossServers()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");
        using var cy = network.JoinAs(1, "cy");
        using var dee = network.JoinAs(1, "dee");
        cy.Send("/join dev");
        cy.NextMatching(line => line == "* cy joined #dev");
        dee.Send("/join ops");
        dee.NextMatching(line => line == "* dee joined #ops");

        ann.Send("/cap rooms");
        ann.NextMatching(line => line.StartsWith("* capabilities: ids", StringComparison.Ordinal));
        ann.Send("/join dev");
        cy.NextMatching(line => line == "* ann joined #dev");
        ann.Send("/join #ops");
        dee.NextMatching(line => line == "* ann joined #ops");

        ann.Send("/say #lobby l1");
        ann.Send("/say dev d1");
        ann.Send("o1");
        ann.Send("/focus #lobby");
        ann.Send("l2");
        Assert.That(ben.NextChat(2), Is.EqualTo(new[] { "ann: l1", "ann: l2" }), "#lobby's lines only, in order");
        Assert.That(cy.NextChat(1), Is.EqualTo(new[] { "ann: d1" }));
        Assert.That(dee.NextChat(1), Is.EqualTo(new[] { "ann: o1" }), "a plain line went to the room joined last, until /focus");
        // Each room has one order; rooms are not ordered among themselves (each has its feed).
        var own = Unprefixed(ann.NextChat(4)).ToList();
        Assert.That(own, Is.EquivalentTo(new[] { "#lobby ann: l1", "#dev ann: d1", "#ops ann: o1", "#lobby ann: l2" }));
        Assert.That(own.Where(line => line.StartsWith("#lobby", StringComparison.Ordinal)), Is.EqualTo(new[] { "#lobby ann: l1", "#lobby ann: l2" }));

        ann.Send("/part #dev");
        cy.NextMatching(line => line == "* ann left #dev");
        ann.NextMatching(line => line == "* you left #dev; your lines go to #lobby");
        cy.Send("not for ann");
        cy.NextChat(1);
        ben.Send("for ann");
        Assert.That(Unprefixed(ann.NextChat(1)), Is.EqualTo(new[] { "#lobby ben: for ann" }), "nothing of #dev after leaving it");
        ann.Send("/who");
        ann.NextMatching(line => line.StartsWith("* in #lobby (2): ", StringComparison.Ordinal));

        ann.Send("/quit bye");
        var leaves = new[] { ben, dee }.Select(client => client.NextMatching(line => line.StartsWith("* ann left", StringComparison.Ordinal))).ToList();
        Assert.That(leaves, Is.EquivalentTo(new[] { "* ann left (bye)", "* ann left #lobby" }).Or.EquivalentTo(new[] { "* ann left #ops", "* ann left (bye)" }),
            "one of its rooms hears why, the other which room it left");
        dee.Send("/who");
        Assert.That(dee.NextMatching(line => line.StartsWith("* in #ops", StringComparison.Ordinal)), Is.EqualTo("* in #ops (1): dee"));
    }

    // "@#room:id:time text" as "#room text".
    private static IEnumerable<string> Unprefixed(IEnumerable<string> lines) =>
        lines.Select(line => line[1..line.IndexOf(':', StringComparison.Ordinal)] + line[line.IndexOf(' ', StringComparison.Ordinal)..]);
}
