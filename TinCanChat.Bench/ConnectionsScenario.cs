using System.Diagnostics;
using System.Globalization;

namespace TinCanChat.Bench;

/// <summary>
/// Ramps to N idle clients at a paced rate, then one broadcast must reach all of them. Reports
/// connect time, broadcast completion, server memory per client and threads, before and after.
/// </summary>
internal sealed class ConnectionsScenario(BenchOptions options)
{
    public async Task<int> RunAsync()
    {
        using var server = ServerFor.Start(options, options.Clients);
        using var monitor = server.Pid is { } pid ? new ServerMonitor(pid) : null;
        var atZero = monitor?.Now();
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var cancel = new CancellationTokenSource(options.Timeout);
        TimeSpan connectTime;
        TimeSpan broadcastTime;
        ProcessStats? atN;
        var closedEarly = 0;
        TimeSpan? serverConnectCpu = null;
        using (var fleet = new ClientFleet())
        {
            connectTime = await fleet.ConnectAsync(server, options.Clients, options.ConnectRate, _ => _ => { }, 4096, cancel.Token);

            // Admitted means in the room (over IRC also registered and joined): until the
            // first broadcast reached everyone, whose own cost is small beside N admissions.
            await fleet.BarrierAsync(options.Timeout);
            serverConnectCpu = monitor?.Now()?.CpuTime - atZero?.CpuTime;
            broadcastTime = await fleet.BarrierAsync(options.Timeout);
            atN = monitor?.Now();
            closedEarly = fleet.Closed;
        }

        var threadsBack = await WaitForThreadsAsync(monitor, atZero);
        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;

        Report.Line("scenario", $"connections: {options.Clients} idle clients at {options.ConnectRate}/s");
        Report.Line("connect", $"{connectTime.TotalSeconds:N2} s for {options.Clients} clients ({closedEarly} closed early){(server.Tls is null ? "" : ", with TLS")}; {options.Clients / connectTime.TotalSeconds:N0} per second");
        Report.Line("server cpu", serverConnectCpu is { } cpu ? $"{cpu.TotalSeconds:N2} s to admit them ({cpu.TotalMilliseconds / options.Clients:N3} ms per client)" : "not monitored");
        Report.Line("broadcast to all", $"{broadcastTime.TotalMilliseconds:N1} ms");
        if (atZero is not null && atN is not null)
        {
            var perClient = (atN.RssKiB - atZero.RssKiB) / (double)options.Clients;
            Report.Line("server RSS", $"{atZero.RssKiB / 1024.0:N1} MiB at 0, {atN.RssKiB / 1024.0:N1} MiB at N: {perClient:N1} KiB per client");
            Report.Line("server threads", $"{atZero.Threads} at 0, {atN.Threads} at N, {threadsBack?.ToString(CultureInfo.InvariantCulture) ?? "?"} after they left");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| connections | {options.Clients} | {connectTime.TotalSeconds:N2} | {broadcastTime.TotalMilliseconds:N1} | {perClient:N1} | {atN.Threads} | {threadsBack} | {toolCpu.TotalSeconds:N2} | {serverConnectCpu?.TotalMilliseconds / options.Clients:N3} |"));
        }

        return closedEarly == 0 ? 0 : 1;
    }

    // The threads of departed clients should end; give them a few seconds.
    private static async Task<int?> WaitForThreadsAsync(ServerMonitor? monitor, ProcessStats? atZero)
    {
        if (monitor is null || atZero is null)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (monitor.Now() is { } now && now.Threads <= atZero.Threads + 4)
            {
                return now.Threads;
            }

            await Task.Delay(200);
        }

        return monitor.Now()?.Threads;
    }
}
