using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>
/// A framed, bidirectional connection. One thread may receive while another sends;
/// neither operation is safe to call from two threads at once.
/// </summary>
public interface IMessageConnection : IDisposable
{
    /// <summary>True when the peer's data ended in the middle of a frame.</summary>
    bool EndedMidFrame { get; }

    /// <summary>True when the next <see cref="Receive"/> returns a frame already read, without waiting.</summary>
    bool HasBufferedFrames { get; }

    /// <summary>Blocks for the next frame; null once the peer has finished sending.</summary>
    /// <exception cref="IOException">The connection failed or was closed under the caller.</exception>
    DecodedFrame? Receive();

    /// <summary>Writes already encoded frames.</summary>
    /// <exception cref="IOException">The connection failed or was closed under the caller.</exception>
    void Send(ReadOnlySpan<byte> frames);

    /// <summary>Tells the peer nothing more will be sent, after what was already sent.</summary>
    void ShutdownSend();
}
