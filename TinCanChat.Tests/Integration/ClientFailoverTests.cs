using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §8: the client given several servers sharing one chat moves to another when its own dies.</summary>
public class ClientFailoverTests
{
    [Test]
    public void TwoServers_OneKilled_TheClientMovesToTheOtherAndChatsOn()
    {
        using var network = ServerNetwork.Start(2);
        using var ben = network.JoinAs(1, "ben");
        var servers = $"127.0.0.1:{network.Ports[0]},127.0.0.1:{network.Ports[1]}";
        using var client = ProgramProcess.Start("Client", servers, "--nick", "alice", "--reconnect");
        ben.NextMatching(line => line.StartsWith("* alice joined", StringComparison.Ordinal));
        client.Input.WriteLine("said on the first server");
        Assert.That(ben.NextMatching(IsChat), Is.EqualTo("alice: said on the first server"));

        network.Kill(0);

        // Until the dead server's entries expire its members' names are held: back as alice or alice_.
        client.NextErrorLineMatching(line => line == "reconnected");
        client.Input.WriteLine("said on the second server");
        Assert.That(ben.NextMatching(line => line.EndsWith(": said on the second server", StringComparison.Ordinal)), Does.StartWith("alice"));
    }

    private static bool IsChat(string line) => !line.StartsWith("* ", StringComparison.Ordinal);
}
