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
        // Quietly while there is room (flushed per read); when full, wait for room a while.
        var frame = FrameEncoder.Encode(text);
        if (!session.TryEnqueue(frame) && !session.TryEnqueue(frame, ClientSession.ReplyPatience))
        {
            session.Close(CloseReason.SlowReader);
        }
    }

    public void Flush(IClientSession session) => session?.Flush();

    public void OnLeft(IClientSession session, CloseReason reason)
    {
    }
}
