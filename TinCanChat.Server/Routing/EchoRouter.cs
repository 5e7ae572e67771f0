using TinCanChat.Common.Protocol;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>
/// Echo mode: every message goes back to its sender only, unchanged. A sender that does not
/// read its echoes within the reply patience is a slow reader and is disconnected.
/// </summary>
internal sealed class EchoRouter : IMessageRouter
{
    public void OnJoined(IClientSession session)
    {
    }

    public void OnMessage(IClientSession session, string text)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.TryEnqueue(FrameEncoder.Encode(text), ClientSession.ReplyPatience))
        {
            session.Close(CloseReason.SlowReader);
        }
    }

    public void OnLeft(IClientSession session, CloseReason reason)
    {
    }
}
