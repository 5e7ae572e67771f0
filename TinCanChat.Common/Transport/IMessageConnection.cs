using TinCanChat.Common.Protocol;

namespace TinCanChat.Common.Transport;

/// <summary>
/// A framed, bidirectional connection. One thread may receive while another sends;
/// neither operation is safe to call from two threads at once.
/// </summary>
public interface IMessageConnection : IDisposable
{
    /// <summary>
    /// Completes the connection's setup on the calling thread before anything is sent or received:
    /// a server's TLS handshake (with its own timeout); nothing to do for plain TCP.
    /// </summary>
    /// <exception cref="IOException">The setup failed (for TLS, the handshake: see the inner exception).</exception>
    void Open();

    /// <summary>True when the peer's data ended in the middle of a frame.</summary>
    bool EndedMidFrame { get; }

    /// <summary>
    /// Blocks until a read completes at least one frame and returns every frame that read
    /// completed, in order (a list reused by the next call); null once the peer has finished sending.
    /// One read at a time lets a server wake the readers once per read, not once per frame.
    /// </summary>
    /// <exception cref="IOException">The connection failed or was closed under the caller.</exception>
    IReadOnlyList<DecodedFrame>? ReceiveFrames();

    /// <summary>
    /// Waits up to <paramref name="patience"/> for the peer to send something (or to close):
    /// true when <see cref="ReceiveFrames"/> has something to read, or cannot tell.
    /// </summary>
    bool WaitForData(TimeSpan patience);

    /// <summary>Writes already encoded frames.</summary>
    /// <exception cref="IOException">The connection failed or was closed under the caller.</exception>
    void Send(ReadOnlySpan<byte> frames);

    /// <summary>Whether <see cref="SendWithoutWaiting"/> can write (a plain socket on Linux; not TLS, not a WebSocket).</summary>
    bool CanSendWithoutWaiting => false;

    /// <summary>
    /// Writes as much of <paramref name="frames"/> as the transport takes at once, never waiting:
    /// bytes written (possibly 0), or -1 when it cannot (failed, closed, or not supported), where
    /// a <see cref="Send"/> of the same bytes will say why. Not with <see cref="Send"/> at once.
    /// </summary>
    int SendWithoutWaiting(ReadOnlySpan<byte> frames) => -1;

    /// <summary>Tells the peer nothing more will be sent, after what was already sent.</summary>
    void ShutdownSend();
}
