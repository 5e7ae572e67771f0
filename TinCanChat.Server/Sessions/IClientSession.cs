using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Sessions;

/// <summary>What the registry and the routers need of a connected client.</summary>
internal interface IClientSession : IWakeable
{
    /// <summary>How others see this client, e.g. <c>127.0.0.1:51234</c>.</summary>
    string Label { get; }

    /// <summary>
    /// Behind (outbox past its soft limit) while its socket still takes data: a broadcast waits
    /// for it rather than overflow it. A client whose writes are blocked does not hold anyone back.
    /// </summary>
    bool HoldsBackSenders { get; }

    /// <summary>
    /// A room's sender is waiting for this client now (it holds senders back): the time it holds
    /// its room back is bounded by <c>--max-hold</c>. Called under the room's lock; only stamps a time.
    /// </summary>
    void HoldingRoomBack();

    /// <summary>
    /// Asked for <c>/cap ids</c>: its chat lines and private messages come with <c>@ROOM:ID:TIME </c>
    /// in front (SPEC §11). Set by its own receive thread, read by whoever queues for it.
    /// </summary>
    bool WantsIds { get; set; }

    /// <summary>Set once the session started closing.</summary>
    bool IsClosing { get; }

    /// <summary>
    /// For the registry, under its lock: queues a frame without waiting or waking (the producer's
    /// <see cref="WakeBatch"/> wakes). False: the outbox is full. A closing session takes the frame
    /// and drops it, as nobody is left to read it.
    /// </summary>
    bool Offer(byte[] frame);

    /// <summary>
    /// Answers the client itself, on its own receive thread: queues without waking while there is
    /// room; when full, wakes the send thread and waits for room, which paces this client alone.
    /// False once the session is closing. The caller includes the session in its batch.
    /// </summary>
    bool Reply(byte[] frame);

    /// <summary>Starts closing the session; safe to call many times and from any thread, never blocks or throws.</summary>
    void Close(CloseReason reason);
}
