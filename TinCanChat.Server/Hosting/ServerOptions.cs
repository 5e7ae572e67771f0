using System.Net;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Server.Hosting;

/// <summary>Everything the command line can set, with the defaults of SPEC §3.</summary>
internal sealed record ServerOptions
{
    /// <summary>Address to bind; null binds every interface, IPv4 and IPv6.</summary>
    public string? Host { get; init; }

    public int Port { get; init; } = WireFormat.DefaultPort;

    public bool Echo { get; init; }

    public int MaxClients { get; init; } = 1000;

    /// <summary>Connections from one IP address; 0 = no limit.</summary>
    public int MaxPerAddress { get; init; } = 16;

    /// <summary>IPv6 addresses in one network of this prefix length count as one address for <see cref="MaxPerAddress"/> (a host usually has a whole /64).</summary>
    public int Ipv6Prefix { get; init; } = 64;

    /// <summary>
    /// A TLS handshake must be over by then, all of it; a connection that has sent no line by then
    /// gives its place to a newcomer when the server is full.
    /// </summary>
    public TimeSpan FirstLineTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Addresses <see cref="MaxPerAddress"/> does not apply to.</summary>
    public IReadOnlyList<IPNetwork> Exempt { get; init; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public int MaxMessageBytes { get; init; } = WireFormat.DefaultMaxMessageBytes;

    public int OutboxCapacity { get; init; } = 1000;

    /// <summary>How long one reader may hold its room back within any 30 s before it is disconnected as a slow reader.</summary>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A client whose socket takes nothing this long while messages wait is disconnected.</summary>
    public TimeSpan SlowReaderTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Chat lines a client entering a room first gets of what was said there; 0 = none.</summary>
    public int History { get; init; }

    /// <summary>What <see cref="Data"/> is by default, and the value that keeps history in memory only.</summary>
    public const string DefaultData = "tincan-data";

    public const string NoData = "none";

    /// <summary>The directory of the history file (SPEC §12); <see cref="NoData"/>: in memory, for this run only. Not used with <c>--redis</c>.</summary>
    public string Data { get; init; } = DefaultData;

    /// <summary>Chat lines each room keeps (for <see cref="History"/>, <c>/history</c>, <c>/resume</c>), within the bytes below.</summary>
    public int HistoryKeep { get; init; } = Chat.History.HistoryLimits.DefaultLines;

    /// <summary>Bytes of history one room keeps at most (its oldest lines make way).</summary>
    public long HistoryRoomBytes { get; init; } = Chat.History.HistoryLimits.DefaultRoomBytes;

    /// <summary>Bytes of history all rooms together keep at most.</summary>
    public long HistoryTotalBytes { get; init; } = Chat.History.HistoryLimits.DefaultTotalBytes;

    /// <summary>Messages per second per client (burst the same); 0 = no limit.</summary>
    public int RateLimit { get; init; }

    /// <summary>TLS for every connection: a PKCS#12 (.pfx) or PEM certificate file; null = plain TCP.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>The PEM private key, when it is not in the certificate file.</summary>
    public string? TlsKey { get; init; }

    /// <summary>The PKCS#12 password.</summary>
    public string? TlsPassword { get; init; }

    /// <summary>Guests are called <c>guest-XXXXXX</c> (a keyed hash of their address) instead of their address and port (SPEC §10).</summary>
    public bool Cloak { get; init; }

    /// <summary>The Redis (a StackExchange.Redis configuration) through which servers act as one chat; null = alone.</summary>
    public string? Redis { get; init; }

    /// <summary>How long a closing client may take to receive what is queued for it.</summary>
    public TimeSpan CloseDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where <c>/metrics</c> is served (SPEC §14); null: not at all.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>Where the browser's page and WebSocket are served (SPEC §13); null: not at all.</summary>
    public int? WebPort { get; init; }

    /// <summary>
    /// How long a new client's arrival waits for its first line, which may say who it is (SPEC §10:
    /// a quarter of a second); zero announces it at once. Not an option of the command line.
    /// </summary>
    public TimeSpan ArrivalWait { get; init; } = TimeSpan.FromMilliseconds(250);
}
