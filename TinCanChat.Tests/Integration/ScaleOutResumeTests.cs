using System.Globalization;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Resuming without loss across servers (SPEC §11 with §9): the history lives in Redis, not in a server.</summary>
public class ScaleOutResumeTests
{
    [Test]
    public void AClientWithReconnect_OnAServerKilledAndStartedAgain_ShowsTheLinesSaidOnAnotherServerMeanwhile_OnceEach_InOrder()
    {
        using var network = ServerNetwork.Start(2);
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", network.Ports[0].ToString(CultureInfo.InvariantCulture), "--nick", "alice", "--reconnect");
        client.NextLineMatching(line => line.StartsWith("* alice joined", StringComparison.Ordinal));
        using var bob = network.JoinAs(1, "bob");
        bob.Send("before");
        client.NextLineMatching(line => line == "bob: before");

        network.Kill(0);
        foreach (var line in (string[])["missed 1", "missed 2", "missed 3", "missed 4", "missed 5"])
        {
            bob.Send(line);
        }

        bob.NextMatching(line => line == "bob: missed 5");
        network.Restart(0);
        // As alice, or, while the dead server's hold on the name has not expired, as its address.
        bob.NextMatching(line => line.Contains(" joined (", StringComparison.Ordinal));
        bob.Send("live");

        var everything = new List<string>();
        while (everything.Count == 0 || everything[^1] != "bob: live")
        {
            everything.Add(client.NextLine());
        }

        var shown = everything.Where(line => !line.StartsWith("* ", StringComparison.Ordinal)).ToList();
        Assert.That(shown, Is.EqualTo(new[] { "bob: missed 1", "bob: missed 2", "bob: missed 3", "bob: missed 4", "bob: missed 5", "bob: live" }),
            $"each line said on the other server while its own was down, once and in order, then the live one; nothing seen before again. The client showed: {string.Join(" | ", everything)}; its stderr: {string.Join(" | ", client.StandardError)}");
    }
}
