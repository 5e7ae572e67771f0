namespace TinCanChat.Common.Protocol;

/// <summary>One result of <see cref="FrameDecoder"/>: a message, or the reason there is none.</summary>
public readonly record struct DecodedFrame(FrameStatus Status, string Text)
{
    public static DecodedFrame InvalidUtf8 { get; } = new(FrameStatus.InvalidUtf8, string.Empty);

    public static DecodedFrame Oversized { get; } = new(FrameStatus.Oversized, string.Empty);

    public static DecodedFrame TlsHandshake { get; } = new(FrameStatus.TlsHandshake, string.Empty);

    public bool IsMessage => Status == FrameStatus.Message;

    public static DecodedFrame Message(string text) => new(FrameStatus.Message, text);
}
