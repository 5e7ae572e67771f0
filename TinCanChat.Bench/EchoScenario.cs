using System.Diagnostics;
using System.Net.Sockets;

namespace TinCanChat.Bench;

/// <summary>C concurrent connections doing request/echo round trips for a fixed time.</summary>
internal sealed class EchoScenario(BenchOptions options, int size, TimeSpan duration)
{
    private readonly LatencyHistogram _latency = new();
    private long _roundTrips;
    private long _mismatches;

    public async Task<int> RunAsync()
    {
        using var server = ServerFor.Start(options, options.Clients, "--echo");
        using var monitor = server.Pid is { } pid ? new ServerMonitor(pid) : null;
        var before = monitor?.Now();
        var clients = new List<Socket>();
        for (var i = 0; i < options.Clients; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server.Host, server.Port);
            clients.Add(socket);
        }

        // One unrecorded round trip each first: a connection still waiting to be admitted
        // would otherwise count that wait as the latency of its first echo.
        await Task.WhenAll(clients.Select((socket, i) => WarmUpAsync(socket, i)));

        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = monitor?.Now()?.CpuTime;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((socket, i) => Task.Run(() => RoundTripsAsync(socket, i, stop.Token))));
        var wall = clock.Elapsed;
        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;
        serverCpu = monitor?.Now()?.CpuTime - serverCpu;
        clients.ForEach(socket => socket.Dispose());

        Report.Line("scenario", $"echo: {options.Clients} connections, {size}-byte messages, {duration.TotalSeconds:N0} s");
        Report.Line("round trips/s", $"{_roundTrips / wall.TotalSeconds:N0} ({_roundTrips:N0} in {wall.TotalSeconds:N2} s)");
        Report.Latency(_latency);
        Report.Line("mismatched echoes", $"{_mismatches}");
        Report.Server(monitor, before, serverCpu);
        Report.Line("tool cpu", $"{toolCpu.TotalSeconds:N2} s");
        Report.Summary("echo", options.Clients, $"{_roundTrips / wall.TotalSeconds:F0}", _latency, _mismatches, monitor, serverCpu, toolCpu);
        return _mismatches == 0 && _roundTrips > 0 ? 0 : 1;
    }

    private async Task WarmUpAsync(Socket socket, int client)
    {
        if (await RoundTripAsync(socket, new byte[size + 1], new byte[size + 1], client, 0, Stopwatch.GetTimestamp()) is not true)
        {
            Interlocked.Increment(ref _mismatches);
        }
    }

    private async Task RoundTripsAsync(Socket socket, int client, CancellationToken stop)
    {
        var request = new byte[size + 1];
        var reply = new byte[size + 1];
        for (long sequence = 1; !stop.IsCancellationRequested; sequence++)
        {
            var sent = Stopwatch.GetTimestamp();
            var matched = await RoundTripAsync(socket, request, reply, client, sequence, sent);
            if (matched is null)
            {
                Interlocked.Increment(ref _mismatches);
                return;
            }

            _latency.Record(Stopwatch.GetElapsedTime(sent).Ticks / 10);
            if (matched is false)
            {
                Interlocked.Increment(ref _mismatches);
            }

            Interlocked.Increment(ref _roundTrips);
        }
    }

    /// <summary>Whether the echo matched the request; null when the connection closed.</summary>
    private async Task<bool?> RoundTripAsync(Socket socket, byte[] request, byte[] reply, int client, long sequence, long sent)
    {
        Payload.Write(request, size, client, sequence, sent);
        await socket.SendAsync(request, SocketFlags.None);
        var received = 0;
        while (received == 0 || reply[received - 1] != 0)
        {
            // Not cancelled mid-reply: the round trip in flight completes.
            var read = await socket.ReceiveAsync(reply.AsMemory(received), SocketFlags.None, CancellationToken.None);
            if (read == 0)
            {
                return null;
            }

            received += read;
        }

        return reply.AsSpan(0, received).SequenceEqual(request);
    }
}
