using TinCanChat.Common.Protocol;

namespace TinCanChat.Server;

/// <summary>Everything the command line can set, with the defaults of SPEC §3.</summary>
internal sealed record ServerOptions
{
    /// <summary>Address to bind; null binds every interface, IPv4 and IPv6.</summary>
    public string? Host { get; init; }

    public int Port { get; init; } = WireFormat.DefaultPort;

    public bool Echo { get; init; }

    public int MaxClients { get; init; } = 1000;

    public int MaxMessageBytes { get; init; } = WireFormat.DefaultMaxMessageBytes;

    public int OutboxCapacity { get; init; } = 1000;

    /// <summary>How long a closing client may take to receive what is queued for it.</summary>
    public TimeSpan CloseDeadline { get; init; } = TimeSpan.FromSeconds(2);
}
