namespace TinCanChat.Server.Sessions;

/// <summary>What the registry and the routers need of a connected client.</summary>
internal interface IClientSession
{
    /// <summary>How others see this client, e.g. <c>127.0.0.1:51234</c>.</summary>
    string Label { get; }

    /// <summary>Queues an encoded frame without blocking; false means the outbox is full (a slow reader).</summary>
    bool TryEnqueue(byte[] frame);

    /// <summary>
    /// Queues a frame for the client, waiting up to <paramref name="patience"/> for room. Only for
    /// frames that answer the client itself, on its own receive thread: waiting there slows that
    /// client alone (TCP pushes back on it) and rides out a send thread starved of CPU for a moment.
    /// </summary>
    bool TryEnqueue(byte[] frame, TimeSpan patience);

    /// <summary>Starts closing the session; safe to call many times and from any thread, never blocks.</summary>
    void Close(CloseReason reason);
}
