namespace TinCanChat.Server.Sessions;

/// <summary>What the registry and the routers need of a connected client.</summary>
internal interface IClientSession
{
    /// <summary>How others see this client, e.g. <c>127.0.0.1:51234</c>.</summary>
    string Label { get; }

    /// <summary>
    /// Queues an encoded frame without blocking; false means the outbox is full (a slow reader).
    /// The send thread is not woken until <see cref="Flush"/>, so a burst costs it one wake-up.
    /// </summary>
    bool TryEnqueue(byte[] frame);

    /// <summary>Wakes the send thread for what <see cref="TryEnqueue(byte[])"/> queued.</summary>
    void Flush();

    /// <summary>
    /// Queues a frame for the client and wakes its send thread, waiting up to <paramref name="patience"/> for room. Only for
    /// frames that answer the client itself, on its own receive thread: waiting there slows that
    /// client alone (TCP pushes back on it) and rides out a send thread starved of CPU for a moment.
    /// </summary>
    bool TryEnqueue(byte[] frame, TimeSpan patience);

    /// <summary>Starts closing the session; safe to call many times and from any thread, never blocks.</summary>
    void Close(CloseReason reason);
}
