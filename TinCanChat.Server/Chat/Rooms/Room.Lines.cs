using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>The room's chat lines: said (numbered and kept by the store, then queued), and read back for <c>/history</c>, <c>/resume</c> and <c>/cap ids</c>.</summary>
internal sealed partial class Room
{
    /// <summary>
    /// The most chat lines one <see cref="Say"/> queues: from below half an outbox, a quarter more
    /// still leaves a quarter for notices, as one line at a time did.
    /// </summary>
    public static int MaxLinesAtOnce(int outboxCapacity) => Math.Clamp(outboxCapacity / 4, 1, 256);

    /// <summary>
    /// One sender's chat lines (a read's, at most <see cref="MaxLinesAtOnce"/>): held back like a
    /// broadcast, then numbered and kept by the store in one step (one transaction on disk,
    /// committed before any of them is queued, so nobody is sent a line a crash could lose), then
    /// queued for every member in that order.
    /// </summary>
    public void Say(IReadOnlyList<byte[]> frames, IClientSession sender, WakeBatch batch) =>
        WhenNoneHoldsBack(() => sender.IsClosing, batch, () =>
        {
            var kept = store.Append(StoreKey, frames, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            List<IClientSession>? slow = null;
            foreach (var line in kept)
            {
                if (EnqueueToAll(line.Frame, line: line) is { } more)
                {
                    (slow ??= []).AddRange(more.Where(client => !slow.Contains(client)));
                }
            }

            return slow;
        });

    /// <summary>
    /// <c>/cap ids</c>: from now on the member's lines of this room come with ids. In one step with
    /// numbering, so every line up to the id returned was queued without one, and every later one
    /// comes with it.
    /// </summary>
    public (string Room, long LastId) StartIds(IClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_lock)
        {
            session.WantsIds = true;
            return (Key, Math.Max(_lastLineId, store.NextId(StoreKey) - 1));
        }
    }

    /// <summary>
    /// Every kept line after the id, and how many after it are gone (<c>/resume</c>). An id the room
    /// has not reached is of an earlier numbering (the server lost its lines: <c>--data none</c>):
    /// then everything kept.
    /// </summary>
    public (IReadOnlyList<LoggedLine> Lines, long Gone) LinesAfter(long id) => store.After(StoreKey, id >= store.NextId(StoreKey) ? 0 : id);

    /// <summary>Up to <paramref name="count"/> kept lines before the id, oldest first (<c>/history</c>).</summary>
    public IReadOnlyList<LoggedLine> LinesBefore(long id, int count) => store.Before(StoreKey, id, count);
}
