using TinCanChat.Common.Protocol;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>Chat mode: every message goes to every client, sender included, as "label: text".</summary>
internal sealed class ChatRouter(ClientRegistry registry) : IMessageRouter
{
    public void OnJoined(IClientSession session) =>
        registry.Add(session, online => FrameEncoder.Encode(ServerNotices.Joined(session.Label, online)));

    public void OnMessage(IClientSession session, string text) =>
        registry.Broadcast(FrameEncoder.Encode($"{session.Label}: {text}"));

    public void OnLeft(IClientSession session, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        registry.Remove(
            session,
            reason.Announce ? online => FrameEncoder.Encode(ServerNotices.Left(session.Label, reason == CloseReason.PeerClosed ? null : reason.Description, online)) : null);
    }
}
