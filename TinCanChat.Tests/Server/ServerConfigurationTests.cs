using TinCanChat.Common.CommandLine;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Tests.Server;

/// <summary>Options from the command line, TINCAN_ variables and the --config file (SPEC §14): the command line wins over the environment, which wins over the file.</summary>
public class ServerConfigurationTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tincan-config-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ANumber_TheCommandLineWins_ThenTheEnvironment_ThenTheFile()
    {
        var file = Config("""{"max-clients": 100, "rate-limit": 7, "history": 3}""");
        var options = Options(["--config", file, "--max-clients", "300"], new() { ["TINCAN_MAX_CLIENTS"] = "200", ["TINCAN_RATE_LIMIT"] = "9" });

        Assert.That((options.MaxClients, options.RateLimit, options.History), Is.EqualTo((300, 9, 3)));
    }

    [Test]
    public void ASwitch_AText_AList_AndTheLogOptions_ComeFromTheFileOrTheEnvironment()
    {
        var file = Config("""{"cloak": true, "data": "none", "exempt": ["10.0.0.0/8", "192.0.2.7"], "log-level": "Debug"}""");
        ServerOptions? options = null;
        LogOptions? logging = null;
        var command = ServerCommandLine.Create((o, l) =>
        {
            (options, logging) = (o, l);
            return 0;
        });

        var merged = ServerConfiguration.Merge(command, ["--config", file], out var problem, new Dictionary<string, string> { ["TINCAN_LOG_FORMAT"] = "json", ["TINCAN_EXEMPT"] = "none" });

        Assert.That((problem, CommandLineRunner.Run(command, merged!)), Is.EqualTo(((string?)null, 0)));
        Assert.That((options!.Cloak, options.Data, options.Exempt.Count), Is.EqualTo((true, "none", 0)), "the environment's 'none' wins over the file's list");
        Assert.That((logging!.Json, logging.Level), Is.EqualTo((true, Serilog.Events.LogEventLevel.Debug)));
        Assert.That(Options(["--config", Config("""{"exempt": ["10.0.0.0/8", "192.0.2.7"]}""")]).Exempt.Select(network => network.ToString()), Is.EqualTo(new[] { "10.0.0.0/8", "192.0.2.7/32" }));
    }

    [TestCase("""{"max-clients": 0}""", null, "The config file FILE, key 'max-clients': Option '--max-clients' must be between 1 and 100000; got 0.")]
    [TestCase("""{"max-clients": "many"}""", null, "The config file FILE, key 'max-clients': Option '--max-clients' takes a whole number; got 'many'.")]
    [TestCase("""{"cloak": "maybe"}""", null, "The config file FILE, key 'cloak': option '--cloak' is a switch, true or false; got 'maybe'.")]
    [TestCase("""{"colour": "blue"}""", null, "The config file FILE has 'colour', which is not an option of the server (see --help).")]
    [TestCase("""{"port": """, null, "Cannot read the config file FILE: ")]
    [TestCase("{}", "TINCAN_MAX_CLIENTS=abc", "The environment variable TINCAN_MAX_CLIENTS: Option '--max-clients' takes a whole number; got 'abc'.")]
    [TestCase("{}", "TINCAN_EXEMPT=10.0.0.0/8,nonsense", "The environment variable TINCAN_EXEMPT: Option '--exempt' takes an address or CIDR range such as 10.0.0.0/8, or 'none'; got 'nonsense'.")]
    [TestCase("{}", "TINCAN_LOG_FORMAT=xml", "The environment variable TINCAN_LOG_FORMAT: ")]
    public void ABadValue_IsOneSentenceNamingTheOptionAndWhereItCameFrom(string json, string? variable, string expected)
    {
        var file = Config(json);
        var environment = variable is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [variable.Split('=')[0]] = variable.Split('=')[1] };

        var merged = ServerConfiguration.Merge(ServerCommandLine.Create((_, _) => 0), ["--config", file], out var problem, environment);

        Assert.That(merged, Is.Null);
        Assert.That(problem, Does.StartWith(expected.Replace("FILE", file, StringComparison.Ordinal)));
        Assert.That(problem!.Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void WithoutAFile_TheEnvironmentAlone_AndAMissingFile_IsSaid()
    {
        Assert.That(Options([], new() { ["TINCAN_HISTORY"] = "5", ["TINCAN_PASSWORD"] = "the client's, not an option" }).History, Is.EqualTo(5));
        ServerConfiguration.Merge(ServerCommandLine.Create((_, _) => 0), ["--config", Path.Combine(_folder, "missing.json")], out var problem, new Dictionary<string, string>());
        Assert.That(problem, Does.StartWith($"Cannot read the config file {Path.Combine(_folder, "missing.json")}: "));
    }

    private string Config(string json)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return file;
    }

    private static ServerOptions Options(string[] args, Dictionary<string, string>? environment = null)
    {
        ServerOptions? options = null;
        var command = ServerCommandLine.Create((o, _) =>
        {
            options = o;
            return 0;
        });
        var merged = ServerConfiguration.Merge(command, args, out var problem, environment ?? []);
        Assert.That(problem, Is.Null);
        Assert.That(CommandLineRunner.Run(command, merged!), Is.Zero);
        return options!;
    }
}
