namespace TinCanChat.Bench;

/// <summary>Samples the server process every 100 ms and keeps the peaks.</summary>
internal sealed class ServerMonitor : IDisposable
{
    private readonly int _pid;
    private readonly Timer _timer;
    private readonly Lock _lock = new();

    public ServerMonitor(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public long PeakRssKiB { get; private set; }

    public int PeakThreads { get; private set; }

    public ProcessStats? Now() => ProcessStats.Read(_pid);

    public void ResetPeaks()
    {
        lock (_lock)
        {
            PeakRssKiB = 0;
            PeakThreads = 0;
        }

        Sample();
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        if (ProcessStats.Read(_pid) is not { } stats)
        {
            return;
        }

        lock (_lock)
        {
            PeakRssKiB = Math.Max(PeakRssKiB, stats.RssKiB);
            PeakThreads = Math.Max(PeakThreads, stats.Threads);
        }
    }
}
