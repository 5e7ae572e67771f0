using System.Globalization;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Our client against servers that are not ours but speak the framing.</summary>
public class ClientCompatibilityTests
{
    [Test]
    public void EchoClient_AgainstAOneShotEchoServer_PrintsEachEchoAndQuitsOnQ()
    {
        using var server = new MiniServer(text => text, oneMessagePerConnection: true);
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", Port(server), "--echo");

        client.Input.WriteLine("first");
        client.Input.WriteLine("second 🧀");
        client.Input.WriteLine("q");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Zero);
            Assert.That(client.RemainingOutput(), Is.EqualTo(new[] { "first", "second 🧀" }));
            Assert.That(server.Connections, Is.EqualTo(2), "one connection per line");
        }
    }

    [Test]
    public void EchoClient_ServerUnreachable_OneSentenceAndNonZeroExit()
    {
        int port;
        using (var server = new MiniServer(text => text, oneMessagePerConnection: true))
        {
            port = server.Port;
        }

        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--echo");
        client.Input.WriteLine("anyone?");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Not.Zero);
            Assert.That(client.StandardError, Has.Some.Contains("connection refused"));
            Assert.That(client.StandardError, Has.None.Contains("   at "));
        }
    }

    [Test]
    public void ChatClient_AgainstAMinimalBroadcastStyleServer_ShowsWhatItSends()
    {
        using var server = new MiniServer(text => $"someone: {text}", oneMessagePerConnection: false, greeting: "welcome");
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", Port(server));

        Assert.That(client.NextLine(), Is.EqualTo("welcome"));
        client.Input.WriteLine("hello there");
        Assert.That(client.NextLine(), Is.EqualTo("someone: hello there"));
        client.Input.WriteLine("q");
        Assert.That(client.WaitForExit(), Is.Zero);
    }

    private static string Port(MiniServer server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
