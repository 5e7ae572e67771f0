using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (the Debian package) of the test's own, on a free loopback port,
/// keeping nothing on disk. Tests that need one are skipped, saying why, where it is not
/// installed; <c>.ci/run</c> installs it.
/// </summary>
internal sealed class RedisProcess : IDisposable
{
    private Process _process;

    private RedisProcess(int port)
    {
        Port = port;
        _process = Launch(port);
    }

    public int Port { get; }

    /// <summary>The value of the servers' <c>--redis</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisProcess Start()
    {
        if (Executable() is null)
        {
            Assert.Ignore("redis-server is not installed (apt-get install -y redis-server): the tests of several servers need a real Redis.");
        }

        return new RedisProcess(LoopbackPort.Free());
    }

    /// <summary>A number Redis answers, e.g. <c>TTL key</c> or <c>XLEN key</c>.</summary>
    public long Number(string command) => long.Parse(Command(Port, command), CultureInfo.InvariantCulture);

    /// <summary>How many clients with that name (CLIENT SETNAME) are connected now.</summary>
    public int ClientsNamed(string name)
    {
        var list = Command(Port, "CLIENT LIST");
        return list.Split('\n').Count(line => line.Contains($" name={name} ", StringComparison.Ordinal));
    }

    /// <summary>Makes it stand still for that long (DEBUG SLEEP), as an overloaded Redis would; returns once it has stopped answering.</summary>
    public Thread Stall(TimeSpan time)
    {
        var thread = new Thread(() => Command(Port, $"DEBUG SLEEP {time.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", time + TimeSpan.FromSeconds(5))) { IsBackground = true, Name = "redis stall" };
        thread.Start();
        var deadline = Stopwatch.StartNew();
        while (Answers(TimeSpan.FromMilliseconds(200)))
        {
            Assert.That(deadline.Elapsed, Is.LessThan(time), "redis-server never stalled");
        }

        return thread;
    }

    private bool Answers(TimeSpan patience)
    {
        try
        {
            return Command(Port, "PING", patience) == "PONG";
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Kills it at once, as a crash or a pulled cable would, and waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>Starts it again on the same port, empty, as after a restart without persistence.</summary>
    public void Restart()
    {
        Kill();
        _process.Dispose();
        _process = Launch(Port);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static Process Launch(int port)
    {
        var info = new ProcessStartInfo(Executable()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "local"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilAnswering(process, port);
        return process;
    }

    // An inline command and its answer (a simple or a bulk string), over a socket of its own.
    private static string Command(int port, string command, TimeSpan? patience = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)(patience ?? TimeSpan.FromSeconds(5)).TotalMilliseconds };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        socket.Send(Encoding.ASCII.GetBytes(command + "\r\n"));
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = socket.Receive(buffer);
            Assert.That(read, Is.Positive, $"redis-server closed the connection during {command}");
            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.UTF8.GetString([.. received]);
            var header = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (header > 0 && text[0] is '+' or ':')
            {
                return text[1..header];
            }

            if (header > 0 && text[0] == '$' && received.Count >= header + 2 + int.Parse(text[1..header], CultureInfo.InvariantCulture) + 2)
            {
                return text[(header + 2)..];
            }
        }
    }

    private static void WaitUntilAnswering(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < RawClient.Patience)
        {
            if (process.HasExited)
            {
                Assert.Fail($"redis-server exited at start (code {process.ExitCode}); port {port} taken?");
            }

            try
            {
                if (Command(port, "PING") == "PONG")
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet: the process has only just started.
            }

            process.WaitForExit(50);
        }

        Assert.Fail($"redis-server did not answer on port {port} within {RawClient.Patience}");
    }

    private static string? Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
}
