namespace TinCanChat.Bench;

/// <summary>What every scenario shares: which server, how many clients, how they connect.</summary>
internal sealed record BenchOptions
{
    /// <summary>Running servers (several: sharing one chat through Redis); empty: start our own on port 0.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>For a server we did not start: its PID, to report memory, threads and CPU.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Pin a server we start to this CPU (the tool itself is pinned with taskset by the caller).</summary>
    public int? ServerCpu { get; init; }

    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    /// <summary>Start the server with a certificate made for the run, and connect with TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>Clients connect to the WebSocket of the web page (<c>--web-port</c>) instead of the TCP port.</summary>
    public bool WebSocket { get; init; }

    /// <summary>Clients speak IRC to a running IRC server (<c>--protocol irc</c>), which never echoes a line to its sender.</summary>
    public bool Irc { get; init; }

    public int Clients { get; init; } = 100;

    public int ConnectRate { get; init; } = 2000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);
}
