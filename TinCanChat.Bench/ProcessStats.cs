using System.Globalization;

namespace TinCanChat.Bench;

/// <summary>Another process's memory, threads and CPU time, read from /proc like `top` does.</summary>
internal sealed record ProcessStats(long RssKiB, int Threads, TimeSpan CpuTime)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessStats? Read(int pid)
    {
        try
        {
            long rss = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
                }
            }

            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessStats(rss, threads, TimeSpan.FromSeconds(ticks / TicksPerSecond));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
