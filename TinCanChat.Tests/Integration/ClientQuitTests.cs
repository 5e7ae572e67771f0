using System.Globalization;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §8: quitting with lines a rate limit still holds back delivers them first.</summary>
public class ClientQuitTests
{
    [Test]
    public void PasteThenQ_OnARateLimitedServer_EveryLineArrives_ThenACleanLeave()
    {
        const int Lines = 40;
        using var server = TestServer.Start(new ServerOptions { RateLimit = 10 }, waitForIntroductions: true);
        using var witness = server.Join();
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--nick", "alice");
        witness.NextMatching(line => line.StartsWith("* alice joined", StringComparison.Ordinal));

        // A paste, then q at once: 40 lines take the server about 3 s to read at 10 a second.
        client.Input.Write(string.Concat(Enumerable.Range(1, Lines).Select(i => $"pasted {i}\n")) + "q\n");
        client.Input.Flush();

        var received = witness.NextChat(Lines);
        Assert.That(received, Is.EqualTo(Enumerable.Range(1, Lines).Select(i => $"alice: pasted {i}")));
        Assert.That(witness.Next(), Is.EqualTo("* alice left (1 online)"), "a clean leave, not a lost connection");
        Assert.That(client.WaitForExit(), Is.Zero);
        Assert.That(client.RemainingLines(), Has.Some.StartsWith("* slow down: "), "told why its lines go slowly");
        Assert.That(client.StandardError, Has.Some.StartsWith("waiting for the server to take the lines you sent"));
    }
}
