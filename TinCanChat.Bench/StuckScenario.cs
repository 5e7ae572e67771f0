using System.Diagnostics;
using System.Text;

namespace TinCanChat.Bench;

/// <summary>
/// N clients join; K of them send R msg/s each for D seconds, measured twice: first as they are,
/// then with one more client that connects and never reads. Reports how long the server takes to
/// drop that client and what it costs everyone else's latency meanwhile.
/// </summary>
internal sealed class StuckScenario(BenchOptions options, int senders, double rate, int size, TimeSpan duration)
{
    // Small, so the never-reading client's socket fills quickly, as a real stuck peer's would.
    private const int StuckReceiveBufferBytes = 4096;

    private readonly LatencyHistogram _without = new();
    private readonly LatencyHistogram _with = new();
    private LatencyHistogram _current = null!;
    private string? _stuckLabel;
    private long _droppedAt;
    private long _delivered;

    public async Task<int> RunAsync()
    {
        using var server = ServerFor.Start(options, options.Clients + 1);
        using var monitor = server.Pid is { } pid ? new ServerMonitor(pid) : null;
        using var fleet = new ClientFleet();
        using var cancel = new CancellationTokenSource(options.Timeout);
        await fleet.ConnectAsync(server, options.Clients, options.ConnectRate, _ => Receiver(), 64 * 1024, cancel.Token);
        await fleet.BarrierAsync(options.Timeout);

        _current = _without;
        var sentWithout = await PhaseAsync(fleet, 0);

        using var stuck = await LoadClient.ConnectAsync(server, 0, cancel.Token, StuckReceiveBufferBytes);
        Volatile.Write(ref _stuckLabel, stuck.Label);
        var stuckSince = Stopwatch.GetTimestamp();
        _current = _with;
        var sentWith = await PhaseAsync(fleet, sentWithout);
        var dropped = Interlocked.Read(ref _droppedAt);

        var lost = ((sentWithout + sentWith) * options.Clients) - Interlocked.Read(ref _delivered);
        Report.Line("scenario", $"stuck: {options.Clients} clients, {senders} senders at {rate} msg/s of {size} bytes for {duration.TotalSeconds:N0} s, without and with one client that never reads");
        Report.Line("without", $"p50 {Report.Ms(_without.Percentile(50))} ms, p99 {Report.Ms(_without.Percentile(99))} ms, max {Report.Ms(_without.Max)} ms");
        Report.Line("with", $"p50 {Report.Ms(_with.Percentile(50))} ms, p99 {Report.Ms(_with.Percentile(99))} ms, max {Report.Ms(_with.Max)} ms");
        var droppedAfter = dropped == 0 ? "not dropped" : $"{Stopwatch.GetElapsedTime(stuckSince, dropped).TotalSeconds:N1} s";
        Report.Line("stuck client dropped", droppedAfter);
        Report.Line("lost/disconnected", $"{lost} messages lost; {fleet.Closed} of the others disconnected");
        Console.Out.WriteLine(FormattableString.Invariant(
            $"| stuck | {options.Clients} | {senders} × {rate} msg/s | {droppedAfter} | {Report.Ms(_without.Percentile(50))} / {Report.Ms(_without.Percentile(99))} | {Report.Ms(_with.Percentile(50))} / {Report.Ms(_with.Percentile(99))} | {fleet.Closed} | {lost} |"));
        return dropped != 0 && lost == 0 && fleet.Closed == 0 ? 0 : 1;
    }

    /// <returns>Messages sent in this phase, once all of them arrived (or nothing arrived for 10 s).</returns>
    private async Task<long> PhaseAsync(ClientFleet fleet, long sentBefore)
    {
        var perSender = (long)(rate * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1 / rate);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
        {
            var buffer = new byte[size + 1];
            for (long i = 0; i < perSender; i++)
            {
                var due = (interval * i) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due);
                }

                Payload.Write(buffer, size, s, i, Stopwatch.GetTimestamp());
                await fleet.Clients[s].SendAsync(buffer);
            }
        }));

        var target = (sentBefore + (perSender * senders)) * options.Clients;
        var stalled = Stopwatch.StartNew();
        var seen = -1L;
        while (Interlocked.Read(ref _delivered) is var delivered && delivered < target && stalled.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (delivered != seen)
            {
                seen = delivered;
                stalled.Restart();
            }

            await Task.Delay(10);
        }

        return perSender * senders;
    }

    private FrameHandler Receiver() => frame =>
    {
        if (Payload.TryRead(frame, out _, out _, out var sent))
        {
            _current.Record((Stopwatch.GetTimestamp() - sent) * 1_000_000 / Stopwatch.Frequency);
            Interlocked.Increment(ref _delivered);
        }
        else if (Volatile.Read(ref _stuckLabel) is { } stuck && Interlocked.Read(ref _droppedAt) == 0
            && Encoding.UTF8.GetString(frame).StartsWith($"* {stuck} left", StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _droppedAt, Stopwatch.GetTimestamp(), 0);
        }
    };
}
