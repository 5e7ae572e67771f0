using TinCanChat.Bench;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Bench;

/// <summary>The load tool against the real server, small: correctness of its checks, never timing.</summary>
public class BenchSmokeTests
{
    [OneTimeSetUp]
    public void SilenceProgress() => Progress.Quiet = true;

    [Test]
    public async Task Fanout_SmallRunAgainstTheServer_DeliversEverythingAndExitsZero()
    {
        using var server = TestServer.Start();
        var options = new BenchOptions { Ports = [server.Port], Clients = 5, Timeout = TimeSpan.FromSeconds(60) };

        var exitCode = await new FanoutScenario(options, sendersPerRoom: 2, messages: 300, size: 64, rate: 0, window: 20).RunAsync();

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Fanout_OverWebSockets_DeliversEverythingAndExitsZero()
    {
        // The tool starts the server itself (the process built beside it), with its web page on.
        var options = new BenchOptions { WebSocket = true, ServerArgs = ["--data", "none"], Clients = 5, Timeout = TimeSpan.FromSeconds(60) };

        var exitCode = await new FanoutScenario(options, sendersPerRoom: 2, messages: 300, size: 64, rate: 0, window: 20).RunAsync();

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Fanout_InThreeRooms_EachLineReachesExactlyItsRoom()
    {
        using var server = TestServer.Start();
        var options = new BenchOptions { Ports = [server.Port], Clients = 7, Timeout = TimeSpan.FromSeconds(60) };

        // A line reaching another room would count as a duplicate or out of order; one missing, as lost.
        var exitCode = await new FanoutScenario(options, sendersPerRoom: 2, messages: 200, size: 64, rate: 0, window: 20, rooms: 3).RunAsync();

        Assert.That(exitCode, Is.Zero);
    }

    [TestCase(64)]
    [TestCase(1)]
    public async Task Burst_SmallRunAgainstTheServer_NobodyDroppedNothingLost(int size)
    {
        using var server = TestServer.Start();
        var options = new BenchOptions { Ports = [server.Port], Clients = 5, Timeout = TimeSpan.FromSeconds(60) };

        var exitCode = await new BurstScenario(options, senders: 2, messages: 600, size, repetitions: 2).RunAsync();

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Stuck_ShortRun_TheClientThatNeverReadsIsDroppedAndNothingIsLost()
    {
        using var server = TestServer.Start(new ServerOptions { SlowReaderTimeout = TimeSpan.FromSeconds(1) });
        var options = new BenchOptions { Ports = [server.Port], Clients = 3, Timeout = TimeSpan.FromSeconds(60) };

        // 2 senders × 50 msg/s of 4 KB for 5 s: the never-reading client's socket fills within a second.
        var exitCode = await new StuckScenario(options, senders: 2, rate: 50, size: 4000, TimeSpan.FromSeconds(5)).RunAsync();

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Connections_SmallRun_ReachesEveryClientAndExitsZero()
    {
        using var server = TestServer.Start();
        var options = new BenchOptions { Ports = [server.Port], Clients = 20, Timeout = TimeSpan.FromSeconds(60) };

        Assert.That(await new ConnectionsScenario(options).RunAsync(), Is.Zero);
    }

    [Test]
    public async Task Echo_ShortRunAgainstAnEchoServer_HasRoundTripsAndNoMismatch()
    {
        using var server = TestServer.Start(new ServerOptions { Echo = true });
        var options = new BenchOptions { Ports = [server.Port], Clients = 3, Timeout = TimeSpan.FromSeconds(60) };

        Assert.That(await new EchoScenario(options, size: 64, TimeSpan.FromSeconds(1)).RunAsync(), Is.Zero);
    }

    [Test]
    public async Task Fanout_OverIrc_EveryMemberButTheSenderGetsEveryLine()
    {
        // IRC never echoes to the sender: the tool must expect messages × (N − 1), no more.
        using var irc = new MiniIrcServer();
        var options = new BenchOptions { Ports = [irc.Port], Irc = true, Clients = 5, Timeout = TimeSpan.FromSeconds(60) };

        var exitCode = await new FanoutScenario(options, sendersPerRoom: 2, messages: 300, size: 64, rate: 0, window: 20).RunAsync();

        Assert.That(exitCode, Is.Zero);
        Assert.That(() => irc.Pongs, Is.EqualTo(5).After(15000, 20), "each client answers the server's PING");
    }

    [Test]
    public async Task Connections_OverIrc_TheBroadcastReachesEveryOtherMember()
    {
        using var irc = new MiniIrcServer();
        var options = new BenchOptions { Ports = [irc.Port], Irc = true, Clients = 20, Timeout = TimeSpan.FromSeconds(60) };

        Assert.That(await new ConnectionsScenario(options).RunAsync(), Is.Zero);
    }

    [Test]
    public async Task Fanout_AgainstAServerThatDropsMessages_ExitsNonZero()
    {
        // Every other message is swallowed: the tool must notice the loss and fail.
        var count = 0;
        using var lossy = new MiniServer(text => Interlocked.Increment(ref count) % 2 == 0 ? "dropped" : $"peer: {text}", oneMessagePerConnection: false);
        var options = new BenchOptions { Ports = [lossy.Port], Clients = 1, Timeout = TimeSpan.FromSeconds(60) };

        var exitCode = await new FanoutScenario(options, sendersPerRoom: 1, messages: 50, size: 64, rate: 0, window: 100).RunAsync();

        Assert.That(exitCode, Is.Not.Zero);
    }
}
