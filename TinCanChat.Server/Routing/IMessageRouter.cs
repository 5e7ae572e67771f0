using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Routing;

/// <summary>
/// The server's mode: what happens when a client arrives, speaks and leaves. Each member says
/// which thread calls it; none waits under a lock.
/// </summary>
internal interface IMessageRouter
{
    /// <summary>
    /// The client's receive thread, before it reads anything: registers it. Never waits for a
    /// held room (entering one does not); may wait for one store round trip. False: the client was not registered (the server is stopping, or
    /// the router could not register it and closed it, saying why; a later close adds nothing).
    /// </summary>
    bool OnJoined(IClientSession session, WakeBatch batch, string? introduction = null);

    /// <summary>
    /// Whether a client's first line, sent at once, says who it is (SPEC §10: <c>/nick</c>,
    /// <c>/login</c>): then it is given to <see cref="OnJoined"/>, so the arrival is announced under that name.
    /// </summary>
    bool Introduces(string line) => false;

    /// <summary>A line that may come before the introduction in the first read (<c>/cap</c>): it is routed after the arrival, the introduction before.</summary>
    bool MayPrecedeIntroduction(string line) => false;

    /// <summary>The sender's receive thread: may wait while a reader is behind (it is held back).</summary>
    void OnMessage(IClientSession session, string text, WakeBatch batch);

    /// <summary>
    /// The sender's receive thread, once it has routed one read's messages, and before it waits for
    /// the rate limit: a router that gathers a sender's lines sends them now.
    /// </summary>
    void OnReadDone(IClientSession session, WakeBatch batch);

    /// <summary>Any thread, from <see cref="IClientSession.Close"/>: never waits, wakes whom it queued for.</summary>
    void OnLeft(IClientSession session, CloseReason reason);

    /// <summary>Shutdown: nothing is routed from now on, and held-back senders stop waiting.</summary>
    void Stop();
}
