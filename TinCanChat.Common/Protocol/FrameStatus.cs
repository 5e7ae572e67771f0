namespace TinCanChat.Common.Protocol;

/// <summary>What the decoder found between two terminators.</summary>
public enum FrameStatus
{
    /// <summary>A complete frame holding valid UTF-8.</summary>
    Message,

    /// <summary>A complete frame whose bytes are not valid UTF-8; its text is empty.</summary>
    InvalidUtf8,

    /// <summary>More bytes than the cap arrived without a terminator; they were discarded.</summary>
    Oversized,

    /// <summary>The peer's very first bytes are a TLS handshake: it speaks TLS to a plain-text server.</summary>
    TlsHandshake,
}
