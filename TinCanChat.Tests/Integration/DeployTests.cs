using System.Diagnostics;
using System.Text.Json;

namespace TinCanChat.Tests.Integration;

/// <summary>What <c>deploy/</c> ships (SPEC §14): a systemd unit that systemd accepts, and an example config the server accepts.</summary>
public class DeployTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");

    [Test]
    public void TheUnitFile_PassesSystemdAnalyzeVerify_AndIsHardened()
    {
        var unit = File.ReadAllText(Path.Combine(Deploy, "tincanchat.service"));
        Assert.That(unit, Does.Contain("NoNewPrivileges=yes").And.Contain("ProtectSystem=strict").And.Contain("DynamicUser=yes")
            .And.Contain("StateDirectory=tincanchat").And.Contain("Restart=on-failure").And.Contain("ExecReload=/bin/kill -HUP $MAINPID"));
        var tasks = int.Parse(Value(unit, "TasksMax"), System.Globalization.CultureInfo.InvariantCulture);
        var files = int.Parse(Value(unit, "LimitNOFILE"), System.Globalization.CultureInfo.InvariantCulture);
        var maxClients = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "config.json"))).RootElement.GetProperty("max-clients").GetInt32();
        Assert.That(tasks, Is.GreaterThanOrEqualTo((2 * maxClients) + 100), "two threads a client, and the runtime's");
        Assert.That(files, Is.GreaterThanOrEqualTo(maxClients + 100), "one descriptor a client, and the server's own");

        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        if (analyze is null || !OperatingSystem.IsLinux())
        {
            Assert.Ignore("systemd-analyze is not installed (it comes with systemd): the unit file is not verified here.");
        }

        // The program is not installed here: the unit is checked with a stand-in at its path.
        var folder = Directory.CreateTempSubdirectory("tincan-unit-");
        try
        {
            var program = Path.Combine(folder.FullName, "TinCanChat.Server");
            File.WriteAllText(program, "#!/bin/sh\n");
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var copy = Path.Combine(folder.FullName, "tincanchat.service");
            File.WriteAllText(copy, unit.Replace("/opt/tincanchat/TinCanChat.Server", program, StringComparison.Ordinal));

            var (code, output) = Run(analyze, "verify", copy);

            Assert.That((code, output), Is.EqualTo((0, "")), "systemd-analyze verify: no error, no warning");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void TheExampleConfig_IsAcceptedByTheServer()
    {
        TinCanChat.Server.Hosting.ServerOptions? options = null;
        var command = TinCanChat.Server.Hosting.ServerCommandLine.Create((o, _) =>
        {
            options = o;
            return 0;
        });

        var merged = TinCanChat.Server.Hosting.ServerConfiguration.Merge(command, ["--config", Path.Combine(Deploy, "config.json")], out var problem, new Dictionary<string, string>());

        Assert.That(problem, Is.Null);
        Assert.That(TinCanChat.Common.CommandLine.CommandLineRunner.Run(command, merged!), Is.Zero);
        Assert.That((options!.MaxClients, options.Cloak, options.MetricsPort), Is.EqualTo((1000, true, (int?)9464)));
    }

    private static string Value(string unit, string key) =>
        unit.Split('\n').Single(line => line.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "systemd-analyze did not finish");
        return (process.ExitCode, (output.Result + errors.Result).Trim());
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TinCanChat.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("TinCanChat.sln not found above the tests");
    }
}
