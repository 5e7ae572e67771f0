namespace TinCanChat.Tests.Support;

/// <summary>A real Redis and several server processes joined through it with <c>--redis</c>, as users run them.</summary>
internal sealed class ServerNetwork : IDisposable
{
    private readonly List<ProgramProcess> _servers = [];
    private string[] _args = [];

    private ServerNetwork(RedisProcess redis) => Redis = redis;

    public RedisProcess Redis { get; }

    public List<int> Ports { get; } = [];

    /// <param name="args">More options for every server.</param>
    public static ServerNetwork Start(int servers, params string[] args)
    {
        var network = new ServerNetwork(RedisProcess.Start()) { _args = args };
        try
        {
            for (var i = 0; i < servers; i++)
            {
                network._servers.Add(ProgramProcess.StartServer(out var port, ["--redis", network.Redis.Configuration, .. args]));
                network.Ports.Add(port);
            }

            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>A client of that server, once it has seen its own arrival (so it is in #lobby everywhere).</summary>
    public RawClient Join(int server)
    {
        var client = RawClient.Connect(Ports[server]);
        client.NextMatching(line => line.StartsWith($"* {client.Label} joined", StringComparison.Ordinal));
        return client;
    }

    /// <summary>A client of that server with a nickname.</summary>
    public RawClient JoinAs(int server, string nickname)
    {
        var client = Join(server);
        client.Send($"/nick {nickname}");
        client.NextMatching(line => line == $"* {client.Label} is now known as {nickname}");
        return client;
    }

    /// <summary>SIGTERM: the server stops as a service manager stops it, and waits for its exit.</summary>
    public void Terminate(int server)
    {
        _servers[server].Terminate();
        Assert.That(_servers[server].WaitForExit(), Is.Zero);
    }

    /// <summary>SIGSTOP or SIGCONT: the server hangs, or goes on.</summary>
    public void Signal(int server, string name) => _servers[server].Signal(name);

    /// <summary>SIGKILL: the server vanishes without telling anyone.</summary>
    public void Kill(int server) => _servers[server].Kill();

    /// <summary>Starts a stopped server again on its port, as before, and waits until it listens.</summary>
    public void Restart(int server)
    {
        _servers[server].Dispose();
        _servers[server] = ProgramProcess.Start("Server", ["--host", "127.0.0.1", "--port", Ports[server].ToString(System.Globalization.CultureInfo.InvariantCulture), "--redis", Redis.Configuration, .. _args]);
        _servers[server].NextLineMatching(line => line.Contains("Listening on ", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            foreach (var server in _servers)
            {
                server.Dispose();
            }
        }
        finally
        {
            Redis.Dispose();
        }
    }
}
