using TinCanChat.Common.Protocol;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>Echo mode: every message goes back to its sender only, unchanged.</summary>
internal sealed class EchoRouter : IMessageRouter
{
    private volatile bool _stopped;

    public bool OnJoined(IClientSession session, WakeBatch batch, string? introduction = null) => !_stopped;

    public void OnMessage(IClientSession session, string text, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(batch);
        if (!_stopped && session.Reply(FrameEncoder.Encode(text)))
        {
            batch.Include(session);
        }
    }

    public void OnReadDone(IClientSession session, WakeBatch batch)
    {
    }

    public void OnLeft(IClientSession session, CloseReason reason)
    {
    }

    public void Stop() => _stopped = true;
}
