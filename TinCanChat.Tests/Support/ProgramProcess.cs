using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TinCanChat.Tests.Support;

/// <summary>
/// One of our programs run as a user runs it: a separate process with its own stdin, stdout
/// and stderr, every line collected so a test can wait for one with a deadline.
/// </summary>
internal sealed partial class ProgramProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _stdout = [];
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly BlockingCollection<string> _stderrUnread = [];

    private ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }

            Collect(_stderrUnread, e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public StreamWriter Input => _process.StandardInput;

    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <param name="program">"Server" or "Client".</param>
    public static ProgramProcess Start(string program, params string[] args) => Start(program, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the program, beside the test run's own.</param>
    public static ProgramProcess Start(string program, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(program, environment, [], args);

    /// <summary>Starts the server as the unprivileged user nobody, allowed <paramref name="threads"/> threads in all (a pids limit), on a free loopback port.</summary>
    public static ProgramProcess StartServerWithThreadLimit(int threads, out int port, params string[] args)
    {
        var server = Start(
            "Server",
            new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() },
            ["prlimit", $"--nproc={threads}", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
            ["--host", "127.0.0.1", "--port", "0", .. args]);
        port = ReadyPort(server);
        return server;
    }

    /// <param name="wrapper">A command that runs the program (and its arguments after it), such as prlimit.</param>
    private static ProgramProcess Start(string program, IReadOnlyDictionary<string, string> environment, string[] wrapper, string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(wrapper.Length > 0 ? wrapper[0] : dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var part in wrapper.Length > 0 ? [.. wrapper.Skip(1), dotnet] : Array.Empty<string>())
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"TinCanChat.{program}.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A server keeps its history in memory unless the test gives --data: servers started by
        // concurrent tests (in the test's working directory) must not share one.
        if (program == "Server" && !args.Contains("--data") && !args.Contains("--help") && !args.Contains("--version"))
        {
            info.ArgumentList.Add("--data");
            info.ArgumentList.Add("none");
        }

        return new ProgramProcess(Process.Start(info)!);
    }

    /// <summary>Starts the server on a free loopback port and waits for its ready line.</summary>
    public static ProgramProcess StartServer(out int port, params string[] args)
    {
        var server = Start("Server", ["--host", "127.0.0.1", "--port", "0", .. args]);
        port = ReadyPort(server);
        return server;
    }

    private static int ReadyPort(ProgramProcess server)
    {
        var ready = server.NextLineMatching(line => line.Contains("Listening on ", StringComparison.Ordinal));
        return int.Parse(PortPattern().Match(ready).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every stdout line collected and not yet read, once the program has exited.</summary>
    public IReadOnlyList<string> RemainingLines()
    {
        _process.WaitForExit();
        return [.. _stdout];
    }

    /// <summary>The next stdout line, or a test failure when none comes in time.</summary>
    public string NextLine()
    {
        if (!_stdout.TryTake(out var line, RawClient.Patience))
        {
            Assert.Fail($"no output line within {RawClient.Patience}; stderr: {string.Join(" | ", _stderr)}");
        }

        return line!;
    }

    /// <summary>Skips stderr lines until one matches; fails the test if none does in time.</summary>
    public string NextErrorLineMatching(Func<string, bool> match)
    {
        while (true)
        {
            if (!_stderrUnread.TryTake(out var line, RawClient.Patience))
            {
                Assert.Fail($"no matching stderr line within {RawClient.Patience}; stderr: {string.Join(" | ", _stderr)}");
            }

            if (match(line!))
            {
                return line!;
            }
        }
    }

    public string NextLineMatching(Func<string, bool> match)
    {
        while (true)
        {
            var line = NextLine();
            if (match(line))
            {
                return line;
            }
        }
    }

    /// <summary>Waits for the exit and returns the exit code; fails the test if it does not exit in time.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(RawClient.Patience))
        {
            Assert.Fail($"the program did not exit within {RawClient.Patience}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>All stdout lines up to the exit.</summary>
    public List<string> RemainingOutput()
    {
        WaitForExit();
        return [.. _stdout];
    }

    /// <summary>SIGTERM, as a service manager stops a program.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGSTOP: the program stands still, as a machine that hangs; <c>Signal("CONT")</c> resumes it.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the program ends at once, telling no one.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Collect(BlockingCollection<string> lines, string? line)
    {
        if (line is null)
        {
            lines.CompleteAdding();
        }
        else
        {
            lines.Add(line);
        }
    }

    [GeneratedRegex(@"Listening on .*:(\d+)")]
    private static partial Regex PortPattern();
}
