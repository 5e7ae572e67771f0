using System.Globalization;
using System.Text;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Several servers through a real Redis: what one client must not be able to do to others (SPEC §4, §9).</summary>
public class ScaleOutHardeningTests
{
    [Test]
    public void PrivateFloodFromAnotherServer_AtASlowButReadingTarget_HoldsTheFlooderBack_NobodyIsDropped()
    {
        const int Messages = 3000;
        using var network = ServerNetwork.Start(2);
        using var target = new TricklingClient(network.Ports[1], bytesPerSecond: 1_000_000);
        target.Send("/nick target");
        using var flooder = network.JoinAs(0, "flooder");
        flooder.Send("/who");
        flooder.NextMatching(line => line.StartsWith("* in #lobby (2)", StringComparison.Ordinal));
        var text = new string('m', 1000);

        flooder.SendBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Messages).Select(i => $"/msg target {i} {text}\0"))));
        flooder.NextMatching(line => line.StartsWith($"flooder -> target: {Messages - 1} ", StringComparison.Ordinal));
        target.Send("/quit done");

        var got = target.ReadToClose(RawClient.Patience).Where(line => line.StartsWith("flooder -> target: ", StringComparison.Ordinal)).ToList();
        Assert.That(got.Select(line => line.Split(' ')[3]), Is.EqualTo(Enumerable.Range(0, Messages).Select(i => i.ToString(CultureInfo.InvariantCulture))),
            "every private line, in order, to a target that reads");
    }

    [Test]
    public void RoomEmptiedAndEnteredAgainAtOnce_ManyTimes_NeverGoesDeaf()
    {
        const int Clients = 25;
        using var network = ServerNetwork.Start(1);
        List<RawClient> leaving = [];
        for (var cycle = 0; cycle < 30; cycle++)
        {
            // The last ones go, and the next ones arrive at once: the room empties and fills again.
            leaving.ForEach(client => client.Reset());
            var clients = Enumerable.Range(0, Clients).Select(_ => RawClient.Connect(network.Ports[0])).ToList();
            leaving.ForEach(client => client.Dispose());
            leaving = clients;
            clients.ForEach(client => client.NextMatching(line => line.StartsWith($"* {client.Label} joined", StringComparison.Ordinal)));
            clients[0].Send($"cycle {cycle}");
            foreach (var client in clients)
            {
                client.NextMatching(line => line == $"{clients[0].Label}: cycle {cycle}");
            }
        }

        leaving.ForEach(client => client.Dispose());
    }
}
