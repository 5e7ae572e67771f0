using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TinCanChat.Bench;

/// <summary>The server being measured: ours, started here on port 0, or any running one.</summary>
internal sealed partial class ServerUnderTest : IDisposable
{
    private readonly Process? _owned;
    private readonly List<string> _gcLines = [];
    private bool _stopped;
    private Thread? _logReader;

    private ServerUnderTest(string host, IReadOnlyList<int> ports, int? pid, Process? owned)
    {
        Host = host;
        Ports = ports;
        Pid = pid;
        _owned = owned;
    }

    public string Host { get; }

    /// <summary>The first server's port.</summary>
    public int Port => Ports[0];

    /// <summary>Every server's port: several when they share one chat through Redis.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>Known when we started it or were told; then memory, threads and CPU are reported.</summary>
    public int? Pid { get; }

    /// <summary>Set when the server was started with a certificate: clients speak TLS.</summary>
    public BenchTls? Tls { get; set; }

    /// <summary>Set when clients connect over the WebSocket of the server's web page, on this port.</summary>
    public int? WebPort { get; set; }

    /// <summary>Set when the server speaks IRC: clients register and join a channel, and see every line but their own.</summary>
    public bool Irc { get; set; }

    public static ServerUnderTest Attach(string host, IReadOnlyList<int> ports, int? pid) => new(host, ports, pid, null);

    /// <summary>Where the client of that index connects: the servers in turn.</summary>
    public int PortFor(int client) => Ports[client % Ports.Count];

    /// <summary>Starts the TinCanChat server built beside this tool, optionally pinned to one CPU.</summary>
    public static ServerUnderTest Start(IEnumerable<string> serverArgs, int? cpu)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TinCanChat.Server.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(cpu is null ? dotnet : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (cpu is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpu.Value.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(dotnet);
        }

        foreach (var arg in (string[])[dll, "--host", "127.0.0.1", "--port", "0", .. serverArgs])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");

        // Never leave the server behind: not when the tool fails, nor when it is stopped (SIGTERM, Ctrl+C).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && process.StandardOutput.ReadLine() is { } line)
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                var server = new ServerUnderTest("127.0.0.1", [int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)], process.Id, process);

                // Keep draining its log so it never blocks on a full pipe; keep its GC summary.
                // A thread of its own, not the pool's: pinned to one CPU the pool starts with one
                // worker, and this blocking loop held it, stalling every await for ~0.5 s.
                server._logReader = new Thread(() =>
                {
                    while (process.StandardOutput.ReadLine() is { } logLine)
                    {
                        if (logLine.Contains("GC paused", StringComparison.Ordinal))
                        {
                            lock (server._gcLines)
                            {
                                server._gcLines.Add(logLine);
                            }
                        }
                    }
                })
                { IsBackground = true, Name = "server log" };
                server._logReader.Start();
                return server;
            }
        }

        KillQuietly(process);
        throw new InvalidOperationException("the server did not print its ready line within 60 s");
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone or already disposed: nothing left to stop.
        }
    }

    /// <summary>Stops a server we started and returns its own GC pause summary, if it printed one.</summary>
    public string? StopAndReportGc()
    {
        Dispose();
        lock (_gcLines)
        {
            return _gcLines.LastOrDefault();
        }
    }

    /// <summary>Stops a server we started (SIGTERM, then kill after 15 s).</summary>
    public void Dispose()
    {
        if (_owned is null || _stopped)
        {
            return;
        }

        _stopped = true;

        if (!_owned.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _owned.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (!_owned.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _owned.Kill(entireProcessTree: true);
            }
        }

        _logReader?.Join(TimeSpan.FromSeconds(5));
        _owned.Dispose();
        Tls?.Dispose();
    }

    [GeneratedRegex(@"Listening on .*:(\d+)$")]
    private static partial Regex ReadyLine();
}
