using TinCanChat.Common.Protocol;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>Chat mode: every message goes to every client, sender included, as "label: text".</summary>
internal sealed class ChatRouter(ClientRegistry registry) : IMessageRouter
{
    /// <summary>
    /// Above this many clients online, joins and leaves are not announced (as busy IRC channels
    /// hide them): each would wake every client's send thread, and 10 000 clients arriving would
    /// make 50 million notices.
    /// </summary>
    public const int AnnounceLimit = 1000;

    public bool OnJoined(IClientSession session, WakeBatch batch) =>
        registry.Add(session, online => online <= AnnounceLimit ? FrameEncoder.Encode(ServerNotices.Joined(session.Label, online)) : null, batch);

    public void OnMessage(IClientSession session, string text, WakeBatch batch) =>
        registry.Broadcast(FrameEncoder.Encode($"{session.Label}: {text}"), session, batch);

    public void OnLeft(IClientSession session, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var why = reason == CloseReason.PeerClosed ? null : reason.Description;
        registry.Remove(session, online => reason.Announce && online < AnnounceLimit
            ? FrameEncoder.Encode(ServerNotices.Left(session.Label, why, online))
            : null);
    }

    public void Stop() => registry.Stop();
}
