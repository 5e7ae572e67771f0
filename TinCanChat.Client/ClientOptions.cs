using TinCanChat.Common.Protocol;

namespace TinCanChat.Client;

/// <summary>Everything the client's command line can set (SPEC §3).</summary>
internal sealed record ClientOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = WireFormat.DefaultPort;

    public bool Echo { get; init; }

    public bool Timestamps { get; init; }

    public bool Tls { get; init; }

    /// <summary>Trust only this CA (or self-signed certificate) for the server's TLS certificate.</summary>
    public string? TlsCa { get; init; }

    /// <summary>When the server goes away, keep trying to come back instead of exiting.</summary>
    public bool Reconnect { get; init; }

    /// <summary>Picked as soon as the connection is up (sends <c>/nick NAME</c>, or <c>/login NAME PASSWORD</c> with a password).</summary>
    public string? Nick { get; init; }

    /// <summary>The account's password is the first line of this file (SPEC §10: never on the command line).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>On a terminal, the line mode instead of the full screen.</summary>
    public bool Plain { get; init; }

    /// <summary>No bell for mentions and private messages.</summary>
    public bool Quiet { get; init; }
}
