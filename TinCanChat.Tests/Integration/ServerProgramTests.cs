using System.Net;
using System.Net.Sockets;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class ServerProgramTests
{
    [Test]
    public void Help_PrintsUsageAndExitsZero()
    {
        using var server = ProgramProcess.Start("Server", "--help");

        var output = server.RemainingOutput();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Zero);
            Assert.That(output, Has.Some.Contains("--max-clients"));
            Assert.That(output, Has.Some.Contains("--outbox-capacity"));
        }
    }

    [TestCase("--port", "70000", "--port")]
    [TestCase("--port", "abc", "--port")]
    [TestCase("--max-clients", "0", "--max-clients")]
    [TestCase("--bogus", "1", "--bogus")]
    [TestCase("--exempt", "10.0.0.0/99", "--exempt")]
    [TestCase("--exempt", "everyone", "--exempt")]
    [TestCase("--rate-limit", "-1", "--rate-limit")]
    [TestCase("--slow-reader-timeout", "0", "--slow-reader-timeout")]
    [TestCase("--max-per-address", "many", "--max-per-address")]
    [TestCase("--history", "600", "--history")]
    [TestCase("--redis", "", "--redis")]
    [TestCase("--redis", "127.0.0.1:6379,colour=blue", "--redis")]
    public void BadOption_OneSentenceNamingItAndExitTwo(string option, string value, string named)
    {
        using var server = ProgramProcess.Start("Server", option, value);

        var exitCode = server.WaitForExit();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(server.StandardError[0], Does.Contain(named));
            Assert.That(server.StandardError, Has.Some.Contains("--help"));
            Assert.That(server.StandardError, Has.None.Contains("   at "), "no stack trace");
        }
    }

    [Test]
    public void MaxPerAddress_WithExemptNone_SecondConnectionFromLoopbackIsRefused()
    {
        using var server = ProgramProcess.StartServer(out var port, "--max-per-address", "1", "--exempt", "none");
        using var first = RawClient.Connect(port);
        first.NextMatching(line => line.Contains("joined", StringComparison.Ordinal));

        using var second = RawClient.Connect(port);

        Assert.That(second.ReadToClose(), Is.EqualTo(new[] { "* error: too many connections from your address" }));
    }

    [Test]
    public void Sigterm_WithAConnectedClient_ClientIsToldAndServerExitsZero()
    {
        using var server = ProgramProcess.StartServer(out var port);
        using var client = RawClient.Connect(port);
        client.NextMatching(line => line.Contains("joined", StringComparison.Ordinal));

        server.Terminate();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Zero);
            Assert.That(client.ReadToClose(), Is.EqualTo(new[] { "* server shutting down" }));
        }
    }

    [Test]
    public void PortInUse_OneSentenceNamingTheFixAndNonZeroExit()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupier.Listen();
        var port = ((IPEndPoint)occupier.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var server = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", port);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Not.Zero);
            Assert.That(server.StandardError, Has.Exactly(1).Items);
            Assert.That(server.StandardError[0], Does.Contain($"Port {port} is already in use").And.Contain("--port"));
        }
    }

    [Test]
    public void RedisNotReachableAtStart_OneSentenceNamingItAndNonZeroExit()
    {
        // A port nobody listens on: bound, never listening.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var redis = $"127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}";

        using var server = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", "0", "--redis", redis);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.EqualTo(1));
            Assert.That(server.StandardError, Has.Exactly(1).Items);
            Assert.That(server.StandardError[0], Does.StartWith($"Cannot reach Redis at {redis}: is redis-server running there?"));
        }
    }

    [Test]
    public void EchoMode_IgnoresRedis()
    {
        using var server = ProgramProcess.StartServer(out var port, "--echo", "--redis", "127.0.0.1:1");
        using var client = RawClient.Connect(port);

        client.Send("ping");

        Assert.That(client.Next(), Is.EqualTo("ping"));
    }
}
