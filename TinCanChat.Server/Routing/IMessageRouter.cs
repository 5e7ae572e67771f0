using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>The server's mode: what happens when a client arrives, speaks and leaves.</summary>
internal interface IMessageRouter
{
    void OnJoined(IClientSession session);

    void OnMessage(IClientSession session, string text);

    /// <summary>The sender's current read is done: wake whoever its messages were queued for.</summary>
    void Flush(IClientSession session);

    void OnLeft(IClientSession session, CloseReason reason);
}
