using System.Diagnostics;
using System.Text;

namespace TinCanChat.Bench;

/// <summary>
/// N clients join; K of them each write M messages in one go (no window), all at once, R times.
/// Every client must get every message in each sender's order, and nobody may be disconnected:
/// the server has to hold the senders back, not drop the readers. With <c>--size 1</c> the
/// messages are single digits (as a paste of short lines), recognised by the sender's label.
/// </summary>
internal sealed class BurstScenario(BenchOptions options, int senders, int messages, int size, int repetitions)
{
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _bursts = new();
    private readonly Dictionary<string, int> _senderByLabel = [];
    private long _delivered;
    private long _outOfOrder;

    private bool Tiny => size < Payload.MinimumSize;

    public async Task<int> RunAsync()
    {
        using var server = ServerFor.Start(options, options.Clients);
        using var monitor = server.Pid is { } pid ? new ServerMonitor(pid) : null;
        using var fleet = new ClientFleet();
        using var cancel = new CancellationTokenSource(options.Timeout);
        await fleet.ConnectAsync(server, options.Clients, options.ConnectRate, _ => Receiver(), 64 * 1024, cancel.Token);
        for (var s = 0; s < senders; s++)
        {
            _senderByLabel[fleet.Clients[s].Label] = s;
        }

        await fleet.BarrierAsync(options.Timeout);
        var serverBefore = monitor?.Now();
        monitor?.ResetPeaks();
        var serverCpu = monitor?.Now()?.CpuTime;
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var perBurst = (long)options.Clients * senders * messages;
        var busy = TimeSpan.Zero;
        var completed = 0;
        for (var r = 0; r < repetitions; r++)
        {
            var target = perBurst * (r + 1);
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, senders).Select(s => fleet.Clients[s].SendAsync(Burst(s, r))));
            if (!await WaitForAsync(target, fleet))
            {
                break;
            }

            var took = Stopwatch.GetElapsedTime(start);
            busy += took;
            _bursts.Record((long)took.TotalMicroseconds);
            completed++;
        }

        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;
        serverCpu = monitor?.Now()?.CpuTime - serverCpu;
        var lost = (perBurst * repetitions) - Interlocked.Read(ref _delivered);
        var rate = Interlocked.Read(ref _delivered) / Math.Max(busy.TotalSeconds, 1e-6);
        Report.Line("scenario", $"burst: {options.Clients} clients, {senders} senders × {messages} messages of {size} bytes in one write each, {repetitions} times");
        Report.Line("deliveries/s", $"{rate:N0} ({_delivered:N0} in {busy.TotalSeconds:N2} s of bursts; {completed}/{repetitions} bursts complete)");
        Report.Line("burst completes", $"p50 {Report.Ms(_bursts.Percentile(50))} ms, p99 {Report.Ms(_bursts.Percentile(99))} ms, max {Report.Ms(_bursts.Max)} ms");
        if (!Tiny)
        {
            Report.Latency(_latency);
        }

        Report.Line("disconnected/lost", $"{fleet.Closed} clients disconnected, {lost} messages lost, {_outOfOrder} out of order");
        Report.Server(monitor, serverBefore, serverCpu);
        Report.Line("tool cpu", $"{toolCpu.TotalSeconds:N2} s");
        var latency = Tiny ? _bursts : _latency;
        Console.Out.WriteLine(FormattableString.Invariant(
            $"| burst | {options.Clients} | {senders} × {messages} ({size} B) × {repetitions} | {rate:F0} | {Report.Ms(latency.Percentile(50))} | {Report.Ms(latency.Percentile(99))} | {fleet.Closed} | {lost} |"));
        return fleet.Closed == 0 && lost == 0 && _outOfOrder == 0 ? 0 : 1;
    }

    private byte[] Burst(int sender, int repetition)
    {
        if (Tiny)
        {
            var digits = new byte[messages * 2];
            for (var i = 0; i < messages; i++)
            {
                digits[2 * i] = (byte)('0' + (i % 10));
            }

            return digits;
        }

        var buffer = new byte[messages * (size + 1)];
        var timestamp = Stopwatch.GetTimestamp();
        var length = 0;
        for (var i = 0; i < messages; i++)
        {
            length += Payload.Write(buffer.AsSpan(length), size, sender, ((long)repetition * messages) + i, timestamp);
        }

        return buffer;
    }

    private FrameHandler Receiver()
    {
        var next = new long[senders];
        return frame =>
        {
            int sender;
            long sequence;
            if (Tiny)
            {
                // "127.0.0.1:5000: 7": the label names the sender, the digit its place.
                var colon = frame.LastIndexOf(": "u8);
                if (colon < 0 || frame.Length != colon + 3 || !_senderByLabel.TryGetValue(Encoding.ASCII.GetString(frame[..colon]), out sender))
                {
                    return;
                }

                sequence = next[sender];
                if (frame[^1] != (byte)('0' + (sequence % 10)))
                {
                    Interlocked.Increment(ref _outOfOrder);
                }
            }
            else
            {
                if (!Payload.TryRead(frame, out sender, out sequence, out var sent) || sender >= senders)
                {
                    return;
                }

                _latency.Record((Stopwatch.GetTimestamp() - sent) * 1_000_000 / Stopwatch.Frequency);
                if (sequence != next[sender])
                {
                    Interlocked.Increment(ref _outOfOrder);
                }
            }

            next[sender] = sequence + 1;
            Interlocked.Increment(ref _delivered);
        };
    }

    // Everything of this burst arrived, or nothing arrived for 10 s (something was lost).
    private async Task<bool> WaitForAsync(long target, ClientFleet fleet)
    {
        var seen = -1L;
        var stalled = Stopwatch.StartNew();
        while (Interlocked.Read(ref _delivered) is var delivered && delivered < target)
        {
            if (delivered != seen)
            {
                seen = delivered;
                stalled.Restart();
            }
            else if (stalled.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            Progress.Report($"so far {delivered:N0} of {target:N0} delivered; clients disconnected so far: {fleet.Closed}");
            await Task.Delay(1);
        }

        return true;
    }
}
