using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary><c>--cloak</c> (SPEC §10): guests are guest-XXXXXX, and no client is shown another's address.</summary>
public class CloakTests
{
    [Test]
    public void Cloaked_GuestsAreNamedByAKeyedHash_AndNoLineCarriesAnAddress()
    {
        using var server = TestServer.Start(new ServerOptions { Cloak = true });
        using var alice = server.Connect();
        var aliceJoined = alice.NextMatching(line => line.Contains(" joined (1 online)", StringComparison.Ordinal));
        var guest = aliceJoined["* ".Length..aliceJoined.IndexOf(" joined", StringComparison.Ordinal)];
        using var bob = server.Connect();
        bob.NextMatching(line => line.Contains(" joined (2 online)", StringComparison.Ordinal));

        alice.Send("hello");
        alice.Send("/who");
        var who = alice.NextMatching(line => line.StartsWith("* in #lobby", StringComparison.Ordinal));
        bob.Send("/nick bob");

        Assert.That(guest, Does.Match("^guest-[a-z2-9]{6}$"));
        var seenByBob = new List<string> { bob.NextMatching(line => line.EndsWith(": hello", StringComparison.Ordinal)) };
        Assert.That(seenByBob[0], Is.EqualTo($"{guest}: hello"));
        var aliceSaw = new List<string> { aliceJoined, who, alice.NextMatching(line => line.EndsWith(" is now known as bob", StringComparison.Ordinal)) };
        Assert.That(aliceSaw[1], Is.EqualTo($"* in #lobby (2): {guest}, {guest}"), "one address, one guest name");
        Assert.That(aliceSaw.Concat(seenByBob), Has.None.Contains("127.0.0.1"), "no address in any line");
    }

    [Test]
    public void Cloaked_WithRedis_EveryServerNamesAnAddressAlike()
    {
        using var network = ServerNetwork.Start(2, "--cloak");
        using var first = RawClient.Connect(network.Ports[0]);
        var joined = first.NextMatching(line => line.Contains(" joined (1 online)", StringComparison.Ordinal));
        using var second = RawClient.Connect(network.Ports[1]);

        var seen = first.NextMatching(line => line.Contains(" joined (2 online)", StringComparison.Ordinal));

        Assert.That(joined, Does.Match(@"^\* guest-[a-z2-9]{6} joined \(1 online\)$"));
        Assert.That(seen, Is.EqualTo(joined.Replace("(1 online)", "(2 online)", StringComparison.Ordinal)), "one address, one guest name, on every server");
    }
}
