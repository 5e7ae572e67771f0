namespace TinCanChat.Server.Sessions;

/// <summary>What the registry and the routers need of a connected client.</summary>
internal interface IClientSession
{
    /// <summary>How others see this client, e.g. <c>127.0.0.1:51234</c>.</summary>
    string Label { get; }

    /// <summary>Queues an encoded frame without blocking; false means the outbox is full (a slow reader).</summary>
    bool TryEnqueue(byte[] frame);

    /// <summary>Starts closing the session; safe to call many times and from any thread, never blocks.</summary>
    void Close(CloseReason reason);
}
