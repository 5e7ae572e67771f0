namespace TinCanChat.Common.Protocol;

/// <summary>The constants of the tincanchat framing: UTF-8 text followed by one 0x00 byte.</summary>
public static class WireFormat
{
    public const byte Terminator = 0x00;

    public const int DefaultPort = 4040;

    /// <summary>Largest message body accepted by default, terminator not counted.</summary>
    public const int DefaultMaxMessageBytes = 65536;

    /// <summary>The first byte of a TLS handshake record (a ClientHello): no chat line starts with it.</summary>
    public const byte TlsHandshakeRecord = 0x16;
}
