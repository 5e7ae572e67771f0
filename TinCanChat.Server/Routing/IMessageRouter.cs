using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>The server's mode: what happens when a client arrives, speaks and leaves.</summary>
internal interface IMessageRouter
{
    /// <summary>A client arrived; what that queues for others waits for <see cref="Flush"/>.</summary>
    void OnJoined(IClientSession session);

    void OnMessage(IClientSession session, string text);

    /// <summary>
    /// The sender's current read (or the accept loop's current burst of arrivals) is done:
    /// wake whoever its frames were queued for.
    /// </summary>
    void Flush(IClientSession session);

    void OnLeft(IClientSession session, CloseReason reason);
}
