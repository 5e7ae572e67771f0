using System.Globalization;

namespace TinCanChat.Client;

/// <summary>One server to connect to.</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    public override string ToString() => $"{Host} port {Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The servers the client may use (SPEC §8: <c>host:port,host:port</c>, servers sharing one
/// chat through Redis), tried in turn: each connect tries them all once, starting after the one
/// used last, so a client whose server died or is full moves to another that answers.
/// </summary>
internal sealed class ServerList
{
    private int _next;

    private ServerList(IReadOnlyList<ServerAddress> servers) => Servers = servers;

    public IReadOnlyList<ServerAddress> Servers { get; }

    /// <summary>
    /// <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a bare IPv6 address, several separated
    /// by commas; a server without a port gets <paramref name="defaultPort"/>. Null and
    /// <paramref name="problem"/> when one of them cannot be read.
    /// </summary>
    /// <param name="given">Where the servers were given, for the problem's sentence.</param>
    public static ServerList? Parse(string text, int defaultPort, out string? problem, string given = "Argument 'host'")
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<ServerAddress>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (ParseOne(item, defaultPort) is not { } server)
            {
                problem = $"{given} takes HOST, HOST:PORT or [IPv6]:PORT (several separated by commas); got '{item}'.";
                return null;
            }

            servers.Add(server);
        }

        problem = null;
        return new ServerList(servers);
    }

    /// <summary>The first server that answers, trying each once; throws the last one's failure if none does.</summary>
    /// <exception cref="ConnectFailedException">No server could be reached.</exception>
    public T Connect<T>(Func<ServerAddress, T> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        var failures = new List<ConnectFailedException>();
        for (var tried = 0; tried < Servers.Count; tried++)
        {
            var index = (_next + tried) % Servers.Count;
            try
            {
                var connected = connect(Servers[index]);
                _next = (index + 1) % Servers.Count;
                return connected;
            }
            catch (ConnectFailedException ex)
            {
                failures.Add(ex);
            }
        }

        _next = (_next + 1) % Servers.Count;
        throw failures.Count == 1
            ? failures[0]
            : new ConnectFailedException($"None of the {Servers.Count} servers answered: {string.Join(" ", failures.Select(failure => failure.Message))}", failures);
    }

    private static ServerAddress? ParseOne(string item, int defaultPort)
    {
        if (item.Length == 0)
        {
            return null;
        }

        if (item.StartsWith('['))
        {
            var close = item.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? null
                : close == item.Length - 1 ? new ServerAddress(item[1..close], defaultPort)
                : item[close + 1] == ':' && PortOf(item[(close + 2)..]) is { } bracketedPort ? new ServerAddress(item[1..close], bracketedPort)
                : null;
        }

        var colon = item.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon != item.LastIndexOf(':'))
        {
            // No port, or a bare IPv6 address (its colons are not a port's).
            return new ServerAddress(item, defaultPort);
        }

        return colon > 0 && PortOf(item[(colon + 1)..]) is { } port ? new ServerAddress(item[..colon], port) : null;
    }

    private static int? PortOf(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;
}
