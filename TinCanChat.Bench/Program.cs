using System.CommandLine;
using TinCanChat.Bench;
using TinCanChat.Common.CommandLine;

var host = new Option<string>("--host") { Description = "Server to measure (with --port)", DefaultValueFactory = _ => "127.0.0.1" };
var port = new Option<int[]>("--port") { Description = "Port of a running server; repeat for servers sharing one chat through Redis (clients are spread over them in turn); without it the tool starts TinCanChat.Server on port 0", AllowMultipleArgumentsPerToken = false };
var serverPid = new Option<int?>("--server-pid") { Description = "PID of a running server, to report its memory, threads and CPU" };
var serverCpu = new Option<int?>("--server-cpu") { Description = "Pin the server this tool starts to one CPU (taskset)" };
var serverArgs = new Option<string[]>("--server-arg") { Description = "Extra option for the server this tool starts (repeatable)", AllowMultipleArgumentsPerToken = false };
var clients = new Option<int>("--clients", "-n") { Description = "Connected clients", DefaultValueFactory = _ => 100 }.InRange(1, 20_000);
var connectRate = new Option<int>("--connect-rate") { Description = "Connects per second", DefaultValueFactory = _ => 2000 }.InRange(1, 100_000);
var tls = new Option<bool>("--tls") { Description = "Start the server with a certificate made for the run and connect with TLS" };
var transport = new Option<string>("--transport") { Description = "How clients connect to a server this tool starts: tcp, or ws (the WebSocket of its web page, --web-port)", DefaultValueFactory = _ => "tcp" };
transport.AcceptOnlyFromAmong("tcp", "ws");
var protocol = new Option<string>("--protocol") { Description = "What clients speak: tincan, or irc (to a running IRC server given by --port: users b0, b1… in #bench; for fanout and connections)", DefaultValueFactory = _ => "tincan" };
protocol.AcceptOnlyFromAmong("tincan", "irc");
var timeout = new Option<int>("--timeout") { Description = "Give up after this many seconds", DefaultValueFactory = _ => 300 }.InRange(1, 3600);

var senders = new Option<int>("--senders", "-k") { Description = "Clients that send (with --rooms: in each room)", DefaultValueFactory = _ => 10 }.InRange(1, 20_000);
var messages = new Option<int>("--messages", "-m") { Description = "Messages per sender", DefaultValueFactory = _ => 10_000 }.InRange(1, 100_000_000);
var size = new Option<int>("--size", "-s") { Description = "Payload bytes per message (at least 40)", DefaultValueFactory = _ => 64 }.InRange(Payload.MinimumSize, 1_000_000);
var rate = new Option<double>("--rate", "-r") { Description = "Messages per second per sender; 0 = unthrottled", DefaultValueFactory = _ => 0 };
var window = new Option<int>("--window") { Description = "Unthrottled senders stay at most this many messages ahead of the slowest client", DefaultValueFactory = _ => 50 }.InRange(1, 1_000_000);
var duration = new Option<int>("--duration") { Description = "Seconds of round trips", DefaultValueFactory = _ => 10 }.InRange(1, 3600);
var roomCount = new Option<int>("--rooms") { Description = "Spread the clients over this many rooms (/join), with K senders in each", DefaultValueFactory = _ => 1 }.InRange(1, 10_000);
var repetitions = new Option<int>("--repetitions", "-R") { Description = "Bursts, one after the other", DefaultValueFactory = _ => 20 }.InRange(1, 100_000);
var burstSize = new Option<int>("--size", "-s") { Description = $"Payload bytes per message: 1 for single digits, else at least {Payload.MinimumSize}", DefaultValueFactory = _ => 64 }.InRange(1, 1_000_000);
burstSize.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is > 1 and < Payload.MinimumSize)
    {
        result.AddError($"Option '--size' must be 1 or at least {Payload.MinimumSize}.");
    }
});
var phase = new Option<int>("--duration") { Description = "Seconds of traffic without, then with, the client that never reads", DefaultValueFactory = _ => 30 }.InRange(1, 3600);
var stuckRate = new Option<double>("--rate", "-r") { Description = "Messages per second per sender", DefaultValueFactory = _ => 20 };
var stuckSize = new Option<int>("--size", "-s") { Description = "Payload bytes per message", DefaultValueFactory = _ => 1000 }.InRange(Payload.MinimumSize, 1_000_000);

var fanout = new Command("fanout", "N clients join, K send M messages each; checks every delivery and measures throughput and latency")
{
    senders, messages, size, rate, window, roomCount,
};
var burst = new Command("burst", "N clients join; K of them each write M messages in one go, all at once, R times; nobody may be disconnected or miss one")
{
    senders, messages, burstSize, repetitions,
};
var stuck = new Command("stuck", "K senders at R msg/s to N clients, without and then with one client that never reads: when is it dropped, what does it cost the others")
{
    senders, stuckRate, stuckSize, phase,
};
var connections = new Command("connections", "Ramp to N idle clients, one broadcast to all; memory per client and threads");
var loginCount = new Option<int>("--logins", "-l") { Description = "Clients that log in at once", DefaultValueFactory = _ => 50 }.InRange(1, 10_000);
var chatRate = new Option<double>("--rate", "-r") { Description = "Lines per second one chatter says meanwhile", DefaultValueFactory = _ => 50 };
var loginsCommand = new Command("logins", "L clients log in at once (a slow password hash each) while N others chat: logins per second, and the chat's latency before and during")
{
    loginCount, chatRate,
};
var echo = new Command("echo", "C connections doing request/echo round trips against an echo server");
echo.Options.Add(size);
echo.Options.Add(duration);

var root = new RootCommand("TinCanChat.Bench: a load generator that speaks the tincanchat framing and reports honestly.")
{
    fanout, burst, stuck, connections, loginsCommand, echo,
};
foreach (var option in (Option[])[host, port, serverPid, serverCpu, serverArgs, clients, connectRate, tls, transport, protocol, timeout])
{
    option.Recursive = true;
    root.Options.Add(option);
}

foreach (var scenario in (Command[])[fanout, burst, stuck, connections, loginsCommand, echo])
{
    scenario.Validators.Add(result =>
    {
        if (result.GetValue(tls) && result.GetValue(port) is { Length: > 0 })
        {
            result.AddError("Option '--tls' needs a server this tool starts (it makes the certificate for the run), not '--port'.");
        }

        if (result.GetValue(transport) == "ws" && (result.GetValue(port) is { Length: > 0 } || result.GetValue(tls)))
        {
            result.AddError("Option '--transport ws' needs a server this tool starts, in plain text (not '--port', not '--tls').");
        }

        if (result.GetValue(protocol) == "irc")
        {
            if (scenario != fanout && scenario != connections)
            {
                result.AddError($"Option '--protocol irc' is for the fanout and connections scenarios, not {scenario.Name}.");
            }
            else if (result.GetValue(port) is not { Length: > 0 } || result.GetValue(tls) || result.GetValue(transport) == "ws")
            {
                result.AddError("Option '--protocol irc' needs '--port' of a running IRC server (plain TCP; the tool starts only TinCanChat).");
            }
            else if (result.GetValue(clients) == 1)
            {
                result.AddError("Option '--protocol irc' needs at least 2 clients: IRC never echoes a line to its sender.");
            }
            else if (scenario == fanout && result.GetValue(roomCount) > 1)
            {
                result.AddError("Option '--rooms' needs the tincan protocol; over IRC every client is in #bench.");
            }
        }
    });
}

BenchOptions Common(ParseResult result) => new()
{
    Host = result.GetValue(host)!,
    Ports = result.GetValue(port) ?? [],
    ServerPid = result.GetValue(serverPid),
    ServerCpu = result.GetValue(serverCpu),
    ServerArgs = result.GetValue(serverArgs) ?? [],
    Clients = result.GetValue(clients),
    ConnectRate = result.GetValue(connectRate),
    Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
    Tls = result.GetValue(tls),
    WebSocket = result.GetValue(transport) == "ws",
    Irc = result.GetValue(protocol) == "irc",
};

fanout.SetAction(result => Run(new FanoutScenario(
    Common(result), result.GetValue(senders), result.GetValue(messages), result.GetValue(size), result.GetValue(rate), result.GetValue(window), result.GetValue(roomCount)).RunAsync));
burst.SetAction(result => Run(new BurstScenario(
    Common(result), result.GetValue(senders), result.GetValue(messages), result.GetValue(burstSize), result.GetValue(repetitions)).RunAsync));
stuck.SetAction(result => Run(new StuckScenario(
    Common(result), result.GetValue(senders), result.GetValue(stuckRate), result.GetValue(stuckSize), TimeSpan.FromSeconds(result.GetValue(phase))).RunAsync));
connections.SetAction(result => Run(new ConnectionsScenario(Common(result)).RunAsync));
loginsCommand.SetAction(result => Run(new LoginsScenario(Common(result), result.GetValue(loginCount), result.GetValue(chatRate)).RunAsync));
echo.SetAction(result => Run(new EchoScenario(Common(result), result.GetValue(size), TimeSpan.FromSeconds(result.GetValue(duration))).RunAsync));

return CommandLineRunner.Run(root, args);

// A server that cannot be reached, refuses or stops answering is one sentence, not a stack trace.
static int Run(Func<Task<int>> scenario)
{
    try
    {
        return scenario().GetAwaiter().GetResult();
    }
    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException)
    {
        Console.Error.WriteLine($"bench: {ex.Message}");
        return 1;
    }
}
