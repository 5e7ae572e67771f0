using System.Diagnostics;
using System.Text;

namespace TinCanChat.Bench;

/// <summary>
/// N clients join; K of them send M messages of S bytes, every receiver checking it got every
/// message exactly once and in each sender's order. Paced senders send R msg/s each; unthrottled
/// ones send as fast as the slowest client takes delivery, at most a window of messages ahead, so
/// the figure is the server's sustainable rate without loss (no server can buffer an unbounded flood).
/// With R rooms, client i enters room i mod R (room 0 is the lobby) and K senders speak in each room.
/// </summary>
internal sealed class FanoutScenario(BenchOptions options, int sendersPerRoom, int messages, int size, double rate, int window, int rooms = 1)
{
    // Sender s is client s, so it sits in room s mod R like every client.
    private readonly int senders = sendersPerRoom * rooms;

    private readonly LatencyHistogram _latency = new();
    private readonly SemaphoreSlim[] _windows = [.. Enumerable.Range(0, sendersPerRoom * rooms).Select(_ => new SemaphoreSlim(window))];

    // Per sender, how many clients have each in-flight message (a ring indexed by sequence).
    // Each client gets a sender's messages in order, so messages complete in order, and a
    // ring twice the window never wraps onto a message still in flight.
    private readonly int[][] _arrivals = [.. Enumerable.Range(0, sendersPerRoom * rooms).Select(_ => new int[2 * window])];
    private readonly TaskCompletionSource _allDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _delivered;
    private long _duplicates;
    private long _outOfOrder;
    private long _expected;
    private long _lastDeliveryTicks;
    private ClientFleet? _fleet;
    private int _joinedRooms;

    public async Task<int> RunAsync()
    {
        using var server = ServerFor.Start(options, options.Clients);
        using var monitor = server.Pid is { } pid ? new ServerMonitor(pid) : null;
        var serverBefore = monitor?.Now();
        if (senders > options.Clients)
        {
            Console.Error.WriteLine($"{sendersPerRoom} senders in each of {rooms} rooms need at least {senders} clients.");
            return 2;
        }

        _expected = Enumerable.Range(0, senders).Sum(s => (long)Receivers(s % rooms)) * messages;
        using var fleet = new ClientFleet();
        _fleet = fleet;
        using var cancel = new CancellationTokenSource(options.Timeout);

        await fleet.ConnectAsync(server, options.Clients, options.ConnectRate, Receiver, BufferBytes(options.Clients), cancel.Token);
        await fleet.BarrierAsync(options.Timeout);
        await EnterRoomsAsync(fleet);
        monitor?.ResetPeaks();

        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = monitor?.Now()?.CpuTime;
        var start = Stopwatch.GetTimestamp();
        var sending = Enumerable.Range(0, senders).Select(s => SendAsync(fleet.Clients[s], s)).ToArray();
        var finished = await WaitForDeliveriesAsync(fleet);
        var wall = Stopwatch.GetElapsedTime(start, Math.Max(start + 1, Interlocked.Read(ref _lastDeliveryTicks)));
        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;
        serverCpu = monitor?.Now()?.CpuTime - serverCpu;
        await Task.WhenAll(sending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);

        var lost = _expected - _delivered;
        Report.Line("scenario", $"fanout: {options.Clients} clients{(rooms > 1 ? $" in {rooms} rooms" : "")}, {senders} senders × {messages} messages of {size} bytes, " +
            (rate > 0 ? $"{rate} msg/s per sender" : $"unthrottled (window {window})"));
        Report.Line("deliveries/s", $"{_delivered / wall.TotalSeconds:N0} ({_delivered:N0} in {wall.TotalSeconds:N2} s)");
        Report.Latency(_latency);
        Report.Line("lost/dup/out-of-order", $"{lost} / {_duplicates} / {_outOfOrder}; clients disconnected: {fleet.Closed}");
        Report.Server(monitor, serverBefore, serverCpu);
        Report.Line("tool cpu", $"{toolCpu.TotalSeconds:N2} s");
        if (server.Pid is not null && options.Ports.Count == 0)
        {
            // Clients leave first, so the server's shutdown (and its GC summary) is prompt.
            fleet.Dispose();
            Report.Line("server gc", server.StopAndReportGc() ?? "no summary");
        }

        Report.Summary(
            rooms > 1 ? $"fanout, {rooms} rooms" : "fanout", options.Clients, $"{_delivered / wall.TotalSeconds:F0}", _latency, lost + _duplicates + _outOfOrder, monitor, serverCpu, toolCpu);

        return finished && lost == 0 && _duplicates == 0 && _outOfOrder == 0 ? 0 : 1;
    }

    private static int BufferBytes(int clients) => clients <= 1000 ? 64 * 1024 : 16 * 1024;

    private int RoomSize(int room) => (options.Clients / rooms) + (room < options.Clients % rooms ? 1 : 0);

    // Who gets each line said in the room: everyone, but over IRC not its sender.
    private int Receivers(int room) => RoomSize(room) - (options.Irc ? 1 : 0);

    // Every client but those of room 0 (the lobby) enters its room; done once each saw its own join.
    private async Task EnterRoomsAsync(ClientFleet fleet)
    {
        if (rooms == 1)
        {
            return;
        }

        var movers = Enumerable.Range(0, options.Clients).Where(i => i % rooms != 0).ToList();
        await Task.WhenAll(movers.Select(i => fleet.Clients[i].SendAsync(Encoding.UTF8.GetBytes($"/join r{i % rooms}\0"))));
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _joinedRooms) < movers.Count)
        {
            if (clock.Elapsed > options.Timeout)
            {
                throw new TimeoutException($"only {_joinedRooms} of {movers.Count} clients entered their rooms");
            }

            await Task.Delay(10);
        }
    }

    private FrameHandler Receiver(int client)
    {
        var next = new long[senders];
        return frame =>
        {
            if (!Payload.TryRead(frame, out var sender, out var sequence, out var sent) || sender >= senders)
            {
                if (rooms > 1 && frame.StartsWith("* "u8) && frame.EndsWith(Encoding.UTF8.GetBytes($" joined #r{client % rooms}"))
                    && Encoding.UTF8.GetString(frame).StartsWith($"* {_fleet!.Clients[client].Label} ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _joinedRooms);
                }

                return;
            }

            var now = Stopwatch.GetTimestamp();
            _latency.Record((now - sent) * 1_000_000 / Stopwatch.Frequency);
            if (sequence < next[sender])
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            if (sequence > next[sender])
            {
                Interlocked.Increment(ref _outOfOrder);
            }

            next[sender] = sequence + 1;
            ref var arrivals = ref _arrivals[sender][sequence % _arrivals[sender].Length];
            if (Interlocked.Increment(ref arrivals) == Receivers(sender % rooms))
            {
                arrivals = 0;
                _windows[sender].Release();
            }

            Volatile.Write(ref _lastDeliveryTicks, now);
            if (Interlocked.Increment(ref _delivered) == _expected)
            {
                _allDelivered.TrySetResult();
            }
        };
    }

    private async Task SendAsync(LoadClient client, int sender)
    {
        const int MaxBatch = 64;
        var buffer = new byte[MaxBatch * (size + 1)];
        var interval = rate > 0 ? Stopwatch.Frequency / rate : 0;
        var start = Stopwatch.GetTimestamp();
        for (long sequence = 0; sequence < messages;)
        {
            var count = 1;
            if (rate > 0)
            {
                var due = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(sequence * interval));
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due);
                }
            }
            else
            {
                // Unthrottled, but never more than the window ahead of the slowest client.
                await _windows[sender].WaitAsync();
                while (count < MaxBatch && sequence + count < messages && _windows[sender].Wait(0))
                {
                    count++;
                }
            }

            var length = 0;
            var timestamp = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                length += Payload.Write(buffer.AsSpan(length), size, sender, sequence++, timestamp);
            }

            await client.SendAsync(buffer.AsMemory(0, length));
        }
    }

    // Done when everything arrived, or nothing arrived for 10 s (something was lost), or the
    // timeout. Barrier frames count as arrivals: a slow server may still be delivering them.
    private async Task<bool> WaitForDeliveriesAsync(ClientFleet fleet)
    {
        var deadline = Stopwatch.StartNew();
        long seen = -1;
        var stalled = Stopwatch.StartNew();
        while (!_allDelivered.Task.IsCompleted && deadline.Elapsed < options.Timeout && stalled.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.WhenAny(_allDelivered.Task, Task.Delay(500));
            var delivered = Interlocked.Read(ref _delivered);
            if (delivered + fleet.BarrierFrames is var arrived && arrived != seen)
            {
                seen = arrived;
                stalled.Restart();
            }

            Progress.Report($"so far {delivered:N0} of {_expected:N0} delivered; clients disconnected so far: {fleet.Closed}");
        }

        return _allDelivered.Task.IsCompleted;
    }
}
