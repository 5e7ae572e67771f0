using System.Diagnostics;
using System.Globalization;
using System.Text;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Bench;

/// <summary>
/// L clients log in at once (each login one slow password hash, SPEC §10) while N others chat:
/// logins per second, and the chatters' latency before and during the burst.
/// </summary>
internal sealed class LoginsScenario(BenchOptions options, int logins, double rate)
{
    private const string Password = "bench-password-1";

    public async Task<int> RunAsync()
    {
        // Accounts of this run only (the server the tool starts keeps them in memory).
        using var server = ServerFor.Start(options, options.Clients + logins, "--data", "none");
        using var cancel = new CancellationTokenSource(options.Timeout);
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;

        // The accounts, made beforehand (registering hashes too).
        var accounts = await Task.WhenAll(Enumerable.Range(0, logins).Select(i => Connected(server, cancel.Token)));
        await Task.WhenAll(accounts.Select((client, i) => client.Ask($"/nick login{i}\0/register {Password}", $"* registered login{i}", "* error")));
        foreach (var client in accounts)
        {
            client.Client.Dispose();
        }

        var chatters = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Connected(server, cancel.Token)));
        var quiet = new LatencyHistogram();
        var burst = new LatencyHistogram();
        var during = quiet;
        foreach (var chatter in chatters.Skip(1))
        {
            chatter.OnLine = line =>
            {
                if (line.Contains(": ping ", StringComparison.Ordinal) && long.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
                {
                    Volatile.Read(ref during).Record((long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                }
            };
        }

        using var stopPinging = new CancellationTokenSource();
        var pinging = Ping(chatters[0], stopPinging.Token);
        await Task.Delay(TimeSpan.FromSeconds(5), cancel.Token);

        Volatile.Write(ref during, burst);
        var loggingIn = await Task.WhenAll(Enumerable.Range(0, logins).Select(_ => Connected(server, cancel.Token)));
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(loggingIn.Select((client, i) => client.Ask($"/login login{i} {Password}", $"* logged in as login{i}", "* error")));
        var took = Stopwatch.GetElapsedTime(started);
        var failed = loggingIn.Count(client => client.Failed);
        stopPinging.Cancel();
        await pinging;
        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;

        Report.Line("scenario", $"logins: {logins} at once while {options.Clients} clients chat ({rate} lines/s)");
        Report.Line("logins", $"{took.TotalSeconds:N2} s for {logins}: {logins / took.TotalSeconds:N1} per second ({failed} refused)");
        Report.Line("chat before", Describe(quiet));
        Report.Line("chat during", Describe(burst));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| logins | {logins} | {options.Clients} | {logins / took.TotalSeconds:N1} | {Report.Ms(quiet.Percentile(50))} / {Report.Ms(quiet.Percentile(99))} | {Report.Ms(burst.Percentile(50))} / {Report.Ms(burst.Percentile(99))} | {toolCpu.TotalSeconds:N2} |"));
        foreach (var client in chatters.Concat(loggingIn))
        {
            client.Client.Dispose();
        }

        return failed == 0 ? 0 : 1;
    }

    private static string Describe(LatencyHistogram latency) =>
        $"p50 {Report.Ms(latency.Percentile(50))} ms, p99 {Report.Ms(latency.Percentile(99))} ms, max {Report.Ms(latency.Max)} ms ({latency.Count():N0} samples)";

    private async Task Ping(Chatter sender, CancellationToken stop)
    {
        var pause = TimeSpan.FromSeconds(1 / rate);
        while (!stop.IsCancellationRequested)
        {
            await sender.Client.SendAsync(FrameEncoder.Encode($"ping {Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture)}"));
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<Chatter> Connected(ServerUnderTest server, CancellationToken cancel)
    {
        var chatter = new Chatter(await LoadClient.ConnectAsync(server, 0, cancel));
        _ = chatter.Client.ReceiveAsync(frame => chatter.Heard(Encoding.UTF8.GetString(frame)), 16 * 1024);
        return chatter;
    }

    /// <summary>A client whose answers are awaited one at a time (a question may be several lines, separated by NUL; an answer is known by its start).</summary>
    private sealed class Chatter(LoadClient client)
    {
        private TaskCompletionSource? _answer;
        private string _expected = "";
        private string? _refusal;

        public LoadClient Client { get; } = client;

        public Action<string>? OnLine { get; set; }

        public bool Failed { get; private set; }

        public async Task Ask(string line, string expected, string? refusal)
        {
            _expected = expected;
            _refusal = refusal;
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _answer, answer);
            await Client.SendAsync(Encoding.UTF8.GetBytes(line + "\0"));
            await answer.Task;
        }

        public void Heard(string line)
        {
            OnLine?.Invoke(line);
            if (Volatile.Read(ref _answer) is not { } answer)
            {
                return;
            }

            var expected = line.StartsWith(_expected, StringComparison.Ordinal);
            if (expected || (_refusal is not null && line.StartsWith(_refusal, StringComparison.Ordinal)))
            {
                Failed |= !expected;
                answer.TrySetResult();
            }
        }
    }
}
