using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TinCanChat.Bench;

/// <summary>The server being measured: ours, started here on port 0, or any running one.</summary>
internal sealed partial class ServerUnderTest : IDisposable
{
    private readonly Process? _owned;

    private ServerUnderTest(string host, int port, int? pid, Process? owned)
    {
        Host = host;
        Port = port;
        Pid = pid;
        _owned = owned;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Known when we started it or were told; then memory, threads and CPU are reported.</summary>
    public int? Pid { get; }

    public static ServerUnderTest Attach(string host, int port, int? pid) => new(host, port, pid, null);

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

        foreach (var arg in (string[])[dll, "--host", "127.0.0.1", "--port", "0", "--log-level", "Warning", .. serverArgs])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && process.StandardOutput.ReadLine() is { } line)
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                // Keep draining its output so a chatty server never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new ServerUnderTest("127.0.0.1", int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), process.Id, process);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("the server did not print its ready line within 60 s");
    }

    /// <summary>Stops a server we started (SIGTERM, then kill after 15 s).</summary>
    public void Dispose()
    {
        if (_owned is null)
        {
            return;
        }

        if (!_owned.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _owned.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (!_owned.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _owned.Kill(entireProcessTree: true);
            }
        }

        _owned.Dispose();
    }

    [GeneratedRegex(@"Listening on .*:(\d+)$")]
    private static partial Regex ReadyLine();
}
