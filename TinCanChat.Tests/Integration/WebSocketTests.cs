using System.Net.WebSockets;
using System.Text;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>
/// SPEC §13 without a browser: the WebSocket on <c>/chat</c> spoken frame by frame over a raw
/// socket, beside TCP clients of the same server.
/// </summary>
public class WebSocketTests
{
    [Test]
    public void WebSocketAndTcpClients_ChatBothWays_OneMessageIsOneLine()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var tcp = server.Join();
        using var web = RawWebSocket.Connect(server.WebPort);
        tcp.NextMatching(line => line == $"* {web.Label} joined (2 online)");

        web.Send("hello from a browser 🧀");
        Assert.That(tcp.NextChat(1), Is.EqualTo(new[] { $"{web.Label}: hello from a browser 🧀" }));
        tcp.Send("hello from a terminal");
        Assert.That(web.NextMatching(line => line.StartsWith(tcp.Label, StringComparison.Ordinal)), Is.EqualTo($"{tcp.Label}: hello from a terminal"));

        web.Send("/nick webby");
        Assert.That(tcp.NextMatching(line => line.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo($"* {web.Label} is now known as webby"));
    }

    [Test]
    public void FragmentedMessage_WithAPingBetweenItsPieces_ArrivesWholeAndThePingIsAnswered()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions());
        var (tcp, web) = (chat.Tcp, chat.Web);
        var cheese = Encoding.UTF8.GetBytes("fromage 🧀 fini");
        var split = Array.IndexOf(cheese, (byte)0xF0) + 2;

        // The emoji's four bytes are cut in the middle, between two fragments.
        web.SendFrame(RawWebSocket.Text, cheese[..split], fin: false);
        web.SendFrame(RawWebSocket.Ping, "are you there"u8.ToArray());
        web.SendFrame(RawWebSocket.Continuation, cheese[split..], fin: true);

        var pong = web.NextFrame(frame => frame.Opcode == RawWebSocket.Pong);
        Assert.That(Encoding.UTF8.GetString(pong.Payload), Is.EqualTo("are you there"));
        Assert.That(tcp.NextChat(1), Is.EqualTo(new[] { $"{web.Label}: fromage 🧀 fini" }));
    }

    [Test]
    public void OversizedMessage_IsToldWhyAndClosed_TheRoomSeesTheReason()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions { MaxMessageBytes = 100 });
        var (tcp, web) = (chat.Tcp, chat.Web);

        web.Send(new string('x', 101));

        Assert.That(web.ReadToClose(), Does.Contain("* error: message exceeds 100 bytes"));
        Assert.That(tcp.Next(), Does.StartWith($"* {web.Label} left: sent a message that was too long"));
    }

    [Test]
    public void CloseInTheMiddleOfAMessage_ItsStartIsNeverSaid()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions());
        var (tcp, web) = (chat.Tcp, chat.Web);

        web.SendFrame(RawWebSocket.Text, "half a thou"u8.ToArray(), fin: false);
        web.SendFrame(RawWebSocket.Close, [0x03, 0xE8]);

        Assert.That(tcp.Next(), Is.EqualTo($"* {web.Label} left: connection lost in the middle of a message (1 online)"));
    }

    [Test]
    public void UnmaskedFrame_IsAProtocolError_ThatClosesOnlyThatClient()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions());
        var (tcp, web) = (chat.Tcp, chat.Web);

        web.SendFrame(RawWebSocket.Text, "not masked"u8.ToArray(), mask: false);

        web.ReadToClose();
        Assert.That(tcp.Next(), Does.StartWith($"* {web.Label} left"));
        tcp.Send("still here");
        Assert.That(tcp.NextChat(1), Is.EqualTo(new[] { $"{tcp.Label}: still here" }));
    }

    [Test]
    public void InvalidUtf8InABinaryMessage_IsAnsweredAsOnTcp_AndTheClientChatsOn()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions());
        var (tcp, web) = (chat.Tcp, chat.Web);

        web.SendFrame(RawWebSocket.Binary, [0x68, 0xFF, 0x69]);
        web.Send("still me");

        Assert.That(web.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: message is not valid UTF-8"));
        Assert.That(tcp.NextChat(1), Is.EqualTo(new[] { $"{web.Label}: still me" }));
    }

    [Test]
    public void InvalidUtf8InATextMessage_ClosesWithStatus1007_AsTheProtocolRequires()
    {
        using var chat = TcpAndWebSocket.Start(new ServerOptions());
        var (tcp, web) = (chat.Tcp, chat.Web);

        web.SendFrame(RawWebSocket.Text, [0x68, 0xFF, 0x69]);

        // RFC 6455 §8.1: a text message that is not UTF-8 fails the connection, with 1007 (the
        // close frame, written as the socket fails, may lose the race with the connection's end).
        var frames = web.ReadFrames();
        Assert.That(frames.Where(frame => frame.Opcode == RawWebSocket.Close).Select(frame => (frame.Payload[0] << 8) | frame.Payload[1]), Is.Empty.Or.EqualTo(new[] { 1007 }));
        Assert.That(tcp.Next(), Does.StartWith($"* {web.Label} left"));
    }

    [TestCase("http://evil.example", 403)]
    [TestCase("http://127.0.0.1:1", 403)]
    [TestCase("https://127.0.0.1:{port}", 403)]
    [TestCase("same", 101)]
    [TestCase(null, 101)]
    public void Origin_OnlyTheServersOwnPageMayOpenTheSocket(string? origin, int expected)
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });

        var (status, client) = RawWebSocket.Upgrade(server.WebPort, origin?.Replace("{port}", server.WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        client?.Dispose();

        Assert.That(status, Is.EqualTo(expected));
    }

    [Test]
    public void ServerFull_TheBrowserIsToldWhyBeforeTheClose()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0, MaxClients = 1 });
        using var tcp = server.Join();
        tcp.Send("I take the only place");
        tcp.NextChat(1);

        using var web = RawWebSocket.Connect(server.WebPort);

        Assert.That(web.ReadToClose(), Is.EqualTo(new[] { "* error: server full" }));
    }

    [Test]
    public void PerAddressLimit_CountsTcpAndWebSocketClientsAlike()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0, MaxPerAddress = 1, Exempt = [] });
        using var tcp = server.Join();

        using var web = RawWebSocket.Connect(server.WebPort);

        Assert.That(web.ReadToClose(), Is.EqualTo(new[] { "* error: too many connections from your address" }));
    }

    [Test]
    public void NeverReadingWebSocket_IsDroppedWhileTcpClientsKeepChatting()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0, SlowReaderTimeout = TimeSpan.FromSeconds(1) });
        using var sender = server.Join();
        using var receiver = server.Join();
        using var stuck = RawWebSocket.Connect(server.WebPort, read: false);
        sender.NextMatching(line => line.StartsWith($"* {stuck.Label} joined", StringComparison.Ordinal));
        receiver.NextMatching(line => line.StartsWith($"* {stuck.Label} joined", StringComparison.Ordinal));
        Assert.That(SlowReaderDrive.UntilDropped(sender, receiver, stuck.Label), Does.Contain("too slow"));
        Assert.That(() => server.Server.SessionCount, Is.EqualTo(2).After(15000, 20));
    }

    [Test]
    public void OverTls_TheSameCertificateServesWss()
    {
        using var certificates = new TestCertificates();
        var localhost = certificates.SelfSigned("localhost");
        using var server = TestServer.Start(new ServerOptions { WebPort = 0, TlsCertificate = localhost.CertificatePem, TlsKey = localhost.KeyPem });
        using var tcp = RawClient.ConnectTls(server.Port, localhost.Certificate);
        tcp.NextMatching(line => line.EndsWith("joined (1 online)", StringComparison.Ordinal));
        using var web = new ClientWebSocket();
        web.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == localhost.Certificate.GetCertHashString();
        web.Options.SetRequestHeader("Origin", $"https://localhost:{server.WebPort}");

        web.ConnectAsync(new Uri($"wss://localhost:{server.WebPort}/chat"), CancellationToken.None).Wait(RawClient.Patience);
        tcp.NextMatching(line => line.Contains("joined (2 online)", StringComparison.Ordinal));
        web.SendAsync("über WSS"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).Wait(RawClient.Patience);

        Assert.That(tcp.NextChat(1).Single(), Does.EndWith(": über WSS"));
    }

    /// <summary>A server with its web page, a TCP client, and a WebSocket client the TCP one has seen arrive.</summary>
    private sealed class TcpAndWebSocket : IDisposable
    {
        private readonly TestServer _server;

        private TcpAndWebSocket(TestServer server)
        {
            _server = server;
            Tcp = server.Join();
            Web = RawWebSocket.Connect(server.WebPort);
            Tcp.NextMatching(line => line.StartsWith($"* {Web.Label} joined", StringComparison.Ordinal));
        }

        public RawClient Tcp { get; }

        public RawWebSocket Web { get; }

        public static TcpAndWebSocket Start(ServerOptions options) => new(TestServer.Start(options with { WebPort = 0 }));

        public void Dispose()
        {
            Web.Dispose();
            Tcp.Dispose();
            _server.Dispose();
        }
    }
}
