using System.Security.Authentication;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SIGHUP reloads the certificate and the limits without dropping anyone (SPEC §14).</summary>
public class ReloadTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tincan-reload-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AReloadUnderLoad_DropsNobody_LosesNothing_AndTheNewLimitApplies()
    {
        const int Clients = 100;
        const int Senders = 10;
        const int Lines = 40;
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, """{"max-clients": 500, "data": "none"}""");
        using var server = ProgramProcess.StartServer(out var port, "--config", config);
        var clients = Enumerable.Range(0, Clients).Select(_ => RawClient.Connect(port)).ToList();
        clients.ForEach(client => client.NextMatching(line => line.EndsWith($" joined ({Clients} online)", StringComparison.Ordinal)));

        // Half the lines, the reload, the other half while it is carried out.
        using var signalled = new ManualResetEventSlim();
        var sending = Enumerable.Range(0, Senders).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < Lines; i++)
            {
                if (i == Lines / 2)
                {
                    signalled.Wait(RawClient.Patience);
                }

                clients[sender].Send($"line {i}");
            }
        })).ToList();
        File.WriteAllText(config, """{"max-clients": 100, "data": "none", "rate-limit": 1000}""");
        server.Signal("HUP");
        signalled.Set();
        Assert.That(Task.WaitAll([.. sending], RawClient.Patience), Is.True);

        Assert.That(server.NextLineMatching(line => line.Contains("Reloaded on SIGHUP", StringComparison.Ordinal)), Does.Contain("--max-clients 500 -> 100").And.Contain("--rate-limit 0 -> 1000"));
        foreach (var client in clients)
        {
            var got = client.NextChat(Senders * Lines);
            foreach (var sender in clients.Take(Senders))
            {
                Assert.That(got.Where(line => line.StartsWith(sender.Label + ": ", StringComparison.Ordinal)).Select(line => line[(sender.Label.Length + 2)..]),
                    Is.EqualTo(Enumerable.Range(0, Lines).Select(i => $"line {i}")), $"{client.Label} got every line of {sender.Label}, in order");
            }
        }

        using var oneTooMany = RawClient.Connect(port);
        Assert.That(oneTooMany.Next(), Is.EqualTo("* error: server full"), "the new limit: 100 are in");
        Assert.That(clients.Count(client => client.IsClosed), Is.Zero, "nobody was dropped");
        clients.ForEach(client => client.Dispose());
    }

    [Test]
    public void AReloadWithARenewedCertificate_NewClientsGetIt_AnOldSessionGoesOn_AndABadFileKeepsTheRunningSettings()
    {
        using var certificates = new TestCertificates();
        var cert = Path.Combine(_folder, "cert.pem");
        var key = Path.Combine(_folder, "key.pem");
        var old = certificates.SelfSigned("localhost");
        File.Copy(old.CertificatePem, cert);
        File.Copy(old.KeyPem, key);
        var renewed = certificates.SelfSigned("localhost");
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, $$"""{"tls-cert": "{{cert}}", "tls-key": "{{key}}", "data": "none"}""");
        using var server = ProgramProcess.StartServer(out var port, "--config", config);
        using var before = RawClient.ConnectTls(port, old.Certificate);
        before.NextMatching(line => line.StartsWith($"* {before.Label} joined", StringComparison.Ordinal));
        Assert.Throws<AuthenticationException>(() => RawClient.ConnectTls(port, renewed.Certificate).Dispose(), "the old certificate is served before the reload");

        File.Copy(renewed.CertificatePem, cert, overwrite: true);
        File.Copy(renewed.KeyPem, key, overwrite: true);
        server.Signal("HUP");
        Assert.That(server.NextLineMatching(line => line.Contains("Reload", StringComparison.Ordinal)), Does.Contain("loaded again"));

        using var after = RawClient.ConnectTls(port, renewed.Certificate);
        after.NextMatching(line => line.StartsWith($"* {after.Label} joined", StringComparison.Ordinal));
        before.Send("still talking");
        Assert.That(after.NextMatching(line => line.EndsWith("still talking", StringComparison.Ordinal)), Is.EqualTo($"{before.Label}: still talking"));

        File.WriteAllText(config, """{"max-clients": "lots"}""");
        server.Signal("HUP");
        Assert.That(server.NextErrorLineMatching(line => line.Contains("Reload", StringComparison.Ordinal)), Does.Contain("Reload refused, the running settings are kept: The config file").And.Contain("'lots'"), "an error, on stderr");
        before.Send("and on");
        Assert.That(after.NextMatching(line => line.EndsWith("and on", StringComparison.Ordinal)), Is.EqualTo($"{before.Label}: and on"));
    }
}
