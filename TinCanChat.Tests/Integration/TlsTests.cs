using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §7, TLS: the same framing inside, certificates made by the test itself.</summary>
public class TlsTests
{
    private TestCertificates _certificates = null!;
    private TestCertificates.Issued _localhost = null!;

    [OneTimeSetUp]
    public void MakeCertificates()
    {
        _certificates = new TestCertificates();
        _localhost = _certificates.SelfSigned("localhost");
    }

    [OneTimeTearDown]
    public void RemoveCertificates() => _certificates.Dispose();

    [TestCase("pem")]
    [TestCase("pfx")]
    public void Chat_OverTls_TwoClientsExchangeLines(string format)
    {
        var options = format == "pem"
            ? new ServerOptions { TlsCertificate = _localhost.CertificatePem, TlsKey = _localhost.KeyPem }
            : new ServerOptions { TlsCertificate = _localhost.Pfx, TlsPassword = TestCertificates.Password };
        using var server = TestServer.Start(options);
        using var alice = RawClient.ConnectTls(server.Port, _localhost.Certificate);
        alice.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));
        using var bob = RawClient.ConnectTls(server.Port, _localhost.Certificate);
        alice.WaitForJoinOf(bob);

        alice.Send("över TLS 🧀");

        Assert.That(bob.NextChat(1), Is.EqualTo(new[] { $"{alice.Label}: över TLS 🧀" }));
    }

    [Test]
    public void Chat_WithACaSignedLeaf_ClientTrustingTheCaJoins()
    {
        var (ca, leaf) = _certificates.CaAndLeaf("localhost");
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = leaf.Pfx, TlsPassword = TestCertificates.Password });

        using var client = RawClient.ConnectTls(server.Port, ca);
        client.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));
        client.Send("signed");

        Assert.That(client.NextChat(1), Is.EqualTo(new[] { $"{client.Label}: signed" }));
    }

    [Test]
    public void PeerThatNeverHandshakes_DoesNotStopAnotherTlsClientFromChatting()
    {
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = _localhost.Pfx, TlsPassword = TestCertificates.Password });

        // Three of them: handshakes waited for one after another (10 s each) would outlast the test's patience.
        var silent = Enumerable.Range(0, 3).Select(_ => RawClient.Connect(server.Port)).ToList();

        using var client = RawClient.ConnectTls(server.Port, _localhost.Certificate);
        client.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));
        client.Send("still chatting");

        Assert.That(client.NextChat(1), Is.EqualTo(new[] { $"{client.Label}: still chatting" }), "the silent peers are not even counted online");
        silent.ForEach(peer => peer.Dispose());
    }

    [Test]
    public void HelloDrippedAByteAtATime_IsCutOffAtTheHandshakeDeadline()
    {
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = _localhost.Pfx, TlsPassword = TestCertificates.Password, FirstLineTimeout = TimeSpan.FromSeconds(2) });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 400 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, server.Port));
        var started = Stopwatch.StartNew();

        // The start of a ClientHello record, one byte well within each read's own timeout.
        byte[] hello = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, .. new byte[40]];
        var closed = false;
        for (var i = 0; i < hello.Length && !closed && started.Elapsed < TimeSpan.FromSeconds(15); i++)
        {
            try
            {
                socket.Send(hello.AsSpan(i, 1));
                closed = socket.Receive(new byte[64]) == 0;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                // Still open: drip on.
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.That(closed, Is.True, "the server was still waiting for the hello");
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)));
        Assert.That(() => server.Server.SessionCount, Is.Zero.After(15000, 20), "nothing of it stays behind");
    }

    [Test]
    public void PlainClient_AgainstATlsServer_IsClosedWithoutDisturbingTheOthers()
    {
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = _localhost.Pfx, TlsPassword = TestCertificates.Password });
        using var client = RawClient.ConnectTls(server.Port, _localhost.Certificate);
        client.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));

        using (var plain = RawClient.Connect(server.Port))
        {
            var started = Stopwatch.StartNew();
            plain.Send("hello in plain text");
            Assert.That(plain.ReadToClose(), Is.EqualTo(new[] { "* error: this server speaks TLS: connect with --tls" }), "told at once, in plain text, and closed");
            Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "not after the handshake's timeout");
        }

        client.Send("undisturbed");
        Assert.That(client.NextChat(1), Is.EqualTo(new[] { $"{client.Label}: undisturbed" }));
        Assert.That(() => server.Server.ConnectedCount, Is.EqualTo(1).After(15000, 20));
    }

    [Test]
    public void Server_PasswordFromTheEnvironment_Starts()
    {
        using var server = ProgramProcess.Start(
            "Server",
            new Dictionary<string, string> { ["TINCAN_TLS_PASSWORD"] = TestCertificates.Password },
            "--host", "127.0.0.1", "--port", "0", "--tls-cert", _localhost.Pfx);

        Assert.That(server.NextLine(), Does.Contain("Listening on 127.0.0.1:"));
    }

    [Test]
    public void Server_WrongPassword_OneSentenceAndNonZeroExit()
    {
        using var server = ProgramProcess.Start("Server", "--port", "0", "--tls-cert", _localhost.Pfx, "--tls-cert-password", "wrong");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Not.Zero);
            Assert.That(server.StandardError, Has.Exactly(1).Items);
            Assert.That(server.StandardError[0], Does.Contain("wrong password").And.Contain("--tls-cert-password"));
        }
    }

    [Test]
    public void Server_KeyOfAnotherCertificate_OneSentenceAndNonZeroExit()
    {
        var other = _certificates.SelfSigned("other");

        using var server = ProgramProcess.Start("Server", "--port", "0", "--tls-cert", _localhost.CertificatePem, "--tls-key", other.KeyPem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Not.Zero);
            Assert.That(server.StandardError, Has.Exactly(1).Items);
            Assert.That(server.StandardError[0], Does.Contain("does not go with the certificate"));
        }
    }

    [Test]
    public void Client_UntrustedCertificate_OneSentenceAndNonZeroExit()
    {
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = _localhost.Pfx, TlsPassword = TestCertificates.Password });

        using var client = ProgramProcess.Start("Client", "localhost", "--port", Port(server), "--tls");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Not.Zero);
            Assert.That(client.StandardError, Has.Some.Contains("is not trusted").And.Contain("--tls-ca"));
            Assert.That(client.StandardError, Has.None.Contains("   at "), "no stack trace");
        }
    }

    [Test]
    public void Client_NameMismatch_OneSentenceSayingWhatTheCertificateIsFor()
    {
        var elsewhere = _certificates.SelfSigned("chat.example.test", withLoopbackAddress: false);
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = elsewhere.Pfx, TlsPassword = TestCertificates.Password });

        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", Port(server), "--tls-ca", elsewhere.CertificatePem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.WaitForExit(), Is.Not.Zero);
            Assert.That(client.StandardError, Has.Some.Contains("does not match the name '127.0.0.1'").And.Contain("chat.example.test"));
        }
    }

    [Test]
    public void Client_WithTlsCa_ChatsAndExitsZero()
    {
        using var server = TestServer.Start(new ServerOptions { TlsCertificate = _localhost.CertificatePem, TlsKey = _localhost.KeyPem });
        using var witness = RawClient.ConnectTls(server.Port, _localhost.Certificate);
        witness.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));

        using var client = ProgramProcess.Start("Client", "localhost", "--port", Port(server), "--tls-ca", _localhost.CertificatePem, "--nick", "tls");
        client.Input.WriteLine("over tls");

        Assert.That(witness.NextMatching(line => !line.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo("tls: over tls"));
        client.Input.WriteLine("q");
        Assert.That(client.WaitForExit(), Is.Zero, () => $"the client's stderr: {string.Join(" | ", client.StandardError)}");
    }

    private static string Port(TestServer server) => server.Port.ToString(CultureInfo.InvariantCulture);

    [Test]
    public void TlsClient_AgainstAPlainServer_IsToldInOneLine_AndNothingReachesTheRoom()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();

        Assert.That(() => RawClient.ConnectTls(server.Port, _localhost.Certificate), Throws.InstanceOf<System.Security.Authentication.AuthenticationException>().Or.InstanceOf<IOException>());

        var left = witness.NextMatching(line => line.Contains(" left", StringComparison.Ordinal));
        Assert.That(left, Does.Contain("spoke TLS to this plain-text server"));
        witness.Send("after");
        Assert.That(witness.NextChat(1), Is.EqualTo(new[] { $"{witness.Label}: after" }), "no line of its hello was broadcast");
    }
}
