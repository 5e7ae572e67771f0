using System.Globalization;

namespace TinCanChat.Bench;

/// <summary>Prints figures: aligned lines for people, then one markdown table row for BENCHMARKS.md.</summary>
internal static class Report
{
    public static void Line(string name, string value) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {value}"));

    public static void Latency(LatencyHistogram latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        Line("latency", string.Create(CultureInfo.InvariantCulture,
            $"p50 {Ms(latency.Percentile(50))} ms, p90 {Ms(latency.Percentile(90))} ms, p99 {Ms(latency.Percentile(99))} ms, max {Ms(latency.Max)} ms ({latency.Count():N0} samples)"));
    }

    public static void Server(ServerMonitor? monitor, ProcessStats? before, TimeSpan? cpu)
    {
        if (monitor is null)
        {
            Line("server", "not monitored (no PID)");
            return;
        }

        Line("server peak", string.Create(CultureInfo.InvariantCulture,
            $"RSS {monitor.PeakRssKiB / 1024.0:N1} MiB (before: {before?.RssKiB / 1024.0:N1} MiB), threads {monitor.PeakThreads} (before: {before?.Threads})"));
        Line("server cpu", string.Create(CultureInfo.InvariantCulture, $"{cpu?.TotalSeconds:N2} s"));
    }

    /// <summary>One row: scenario, clients, headline figure, p50, p99, max, errors, server RSS/threads/CPU, tool CPU.</summary>
    public static void Summary(
        string scenario, int clients, string headline, LatencyHistogram latency, long errors, ServerMonitor? monitor, TimeSpan? serverCpu, TimeSpan toolCpu)
    {
        ArgumentNullException.ThrowIfNull(latency);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {clients} | {headline} | {Ms(latency.Percentile(50))} | {Ms(latency.Percentile(99))} | {Ms(latency.Max)} | {errors} | " +
            $"{(monitor is null ? "-" : (monitor.PeakRssKiB / 1024.0).ToString("N1", CultureInfo.InvariantCulture))} | {monitor?.PeakThreads.ToString(CultureInfo.InvariantCulture) ?? "-"} | " +
            $"{serverCpu?.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture) ?? "-"} | {toolCpu.TotalSeconds:N2} |"));
    }

    public static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
