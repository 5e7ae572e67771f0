using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.Rooms;

/// <summary>
/// One room's members. Every broadcast enqueues to every member's outbox under the room's lock,
/// which gives all of them the same order; no socket I/O, no waiting and no waking happens under
/// it, and rooms do not wait for each other. The room also keeps its last lines for newcomers.
/// A broadcast that finds a reader behind while its socket still takes data queues nothing and
/// waits, outside the lock, for the <see cref="FlowGate"/>: the sender is held back, nobody is
/// dropped to make room. See ARCHITECTURE.md, "Flow control".
/// </summary>
/// <param name="store">Where the room's lines are kept; they outlive this room (a room of the same name entered again goes on with them).</param>
/// <param name="replayLines">How many of them a client entering gets first (<c>--history</c>).</param>
internal sealed partial class Room(string name, IHistoryStore store, int replayLines, FlowGate gate, ServerMetrics metrics) : IWakeable
{
    // A held-back sender looks again this often even without a signal: a reader whose writes
    // have since blocked no longer holds it back, and nothing signals that.
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(100);

    private static readonly byte[] EndOfHistoryFrame = FrameEncoder.Encode(ServerNotices.EndOfHistory);

    private readonly Lock _lock = new();
    private readonly List<IClientSession> _clients = [];

    // Who to wake, copied from _clients when it changed since the last wake-up.
    private IClientSession[] _toWake = [];
    private bool _toWakeStale;

    // Whether anything was queued since the last wake-up. Without it, the accept loop's batch per
    // burst of silent arrivals (above the announce limit) woke every idle send thread for nothing:
    // at 10 000 clients, millions of wake-ups that slowed admission to a few hundred a second.
    private bool _queuedSinceWake;

    // The last chat line queued or replayed here (lines numbered elsewhere: Redis).
    private long _lastLineId;

    // Deliveries queued since the last wake-up, for the meter: counted outside the lock, where a
    // MeterListener's callback may run (it runs inside Counter.Add).
    private long _uncountedDeliveries;
    private bool _stopped;
    private bool _retired;
    private int _reserved;


    public string Name { get; } = name;

    /// <summary>The room as ids name it: <c>#</c> and its name in lower case.</summary>
    public string Key => "#" + StoreKey;

    /// <summary>The room as the store names it: its name in lower case.</summary>
    public string StoreKey { get; } = Names.Fold(name);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The members now, in the order they entered.</summary>
    public IReadOnlyList<IClientSession> Members()
    {
        lock (_lock)
        {
            return [.. _clients];
        }
    }

    /// <summary>
    /// Adds the client: it first gets the room's last lines (between the marker lines of SPEC
    /// §11), then it is a member, then everyone (it included) gets the notice built from the new
    /// count, unless that builder returns null; all in one step under the lock, so between the
    /// replay and the live lines there is no gap and no duplicate. Never waits, even while a
    /// reader holds the room back: the notice goes into the half of each outbox kept for notices,
    /// and a newcomer must never wait for a room (SPEC §4). False: the room was retired
    /// (empty and forgotten: enter a new one of the same name) or stopped.
    /// </summary>
    /// <param name="replay">Lines to replay instead of the room's own (the history kept in Redis, which numbered the entry).</param>
    /// <param name="firstSeen">The id of the oldest line the client gets (replayed or live): <c>/history</c> pages back from it.</param>
    /// <param name="resumeAfter">Replay every kept line after this id instead of the last <c>--history</c> (<c>/resume</c>); lines no longer kept are said first.</param>
    /// <param name="wanted">Asked under the lock: false keeps the client out (it moved on before its entry, numbered elsewhere, got here).</param>
    public bool Add(IClientSession session, Func<int, byte[]?> notice, WakeBatch batch, out long firstSeen, Replay? replay = null, long? resumeAfter = null, Func<bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(batch);
        List<IClientSession>? slow = null;
        firstSeen = 0;
        lock (_lock)
        {
            // Closing: its leave has run or runs after us and removes it; either way it stays out.
            if (_stopped || _retired || session.IsClosing || wanted?.Invoke() == false)
            {
                return false;
            }

            var (kept, gone, resumed) = replay is { } given ? (given.Lines, given.Gone, given.Resumed) : ([], 0L, resumeAfter is not null);
            if (replay is null)
            {
                (kept, gone) = resumeAfter is { } after ? LinesAfter(after) : (store.Last(StoreKey, replayLines), 0L);
            }
            firstSeen = kept.Count > 0 ? kept[0].Id : replay?.NextId ?? store.NextId(StoreKey);
            var lines = kept.Select(line => line.FrameFor(session, Key)).ToList();
            if (kept.Count > 0)
            {
                _lastLineId = Math.Max(_lastLineId, kept[^1].Id);
            }

            if (lines.Count > 0 || resumed)
            {
                _queuedSinceWake = true;
                byte[][] framed = gone > 0 ? [FrameEncoder.Encode(ServerNotices.NoLongerKept(gone))] : [];
                framed = [.. framed, FrameEncoder.Encode(ServerNotices.HistoryOf(Name)), .. lines, EndOfHistoryFrame];
                foreach (var line in framed)
                {
                    if (!session.Offer(line))
                    {
                        slow = [session];
                        break;
                    }
                }
            }

            _clients.Add(session);
            _toWakeStale = true;
            if (notice(_clients.Count) is { } frame)
            {
                slow = [.. slow ?? [], .. EnqueueToAll(frame) ?? []];
            }
        }

        batch.Include(this);
        CloseSlowReaders(slow);
        return true;
    }

    /// <summary>
    /// Removes the client (true if it was there); if the notice builder gives a frame, the others get
    /// it at once. Never waits: a leave is bounded by the number of clients, and the outboxes
    /// keep room for notices.
    /// </summary>
    public bool Remove(IClientSession session, Func<int, byte[]?>? notice)
    {
        List<IClientSession>? slow = null;
        lock (_lock)
        {
            if (!_clients.Remove(session))
            {
                return false;
            }

            _toWakeStale = true;
            if (_stopped || notice?.Invoke(_clients.Count) is not { } frame)
            {
                return true;
            }

            slow = EnqueueToAll(frame);
        }

        Wake();
        CloseSlowReaders(slow);
        return true;
    }

    /// <summary>
    /// Queues one shared frame (a notice that is not kept, such as a rename) for every client,
    /// waiting first while a reader that still takes data is behind; <paramref name="batch"/> wakes
    /// them. A client whose outbox is full all the same is not taking data and is disconnected.
    /// Dropped once the sender closes or the registry stops.
    /// </summary>
    public void Broadcast(byte[] frame, IClientSession sender, WakeBatch batch) =>
        WhenNoneHoldsBack(() => sender.IsClosing, batch, () => EnqueueToAll(frame));

    /// <summary>
    /// Queues a frame that was ordered elsewhere (Redis) for every member, held back like a
    /// broadcast; <paramref name="whileHeld"/> lets the other servers know meanwhile.
    /// </summary>
    /// <returns>False: the room stopped or <paramref name="giveUp"/> said so while held back.</returns>
    /// <param name="except">A member that does not get it (its own leaving, seen by the others).</param>
    /// <param name="line">The frame is this chat line: clients that asked for ids get it with its id.</param>
    public bool Deliver(byte[] frame, WakeBatch batch, Func<bool> giveUp, Action whileHeld, IClientSession? except = null, LoggedLine? line = null) =>
        WhenNoneHoldsBack(giveUp, batch, () => EnqueueToAll(frame, except, line), whileHeld: whileHeld);

    /// <summary>Queues a frame for one member (a private message), held back only by that member.</summary>
    public void SendTo(IClientSession target, byte[] frame, IClientSession sender, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(sender);
        WhenNoneHoldsBack(() => sender.IsClosing, batch, () => target.Offer(frame) ? null : [target], () => target.HoldsBackSenders);
        batch.Include(target);
    }
}

/// <summary>Lines a member entering a room gets first, from a store that numbered its entry (Redis).</summary>
/// <param name="Resumed">For <c>/resume</c>: the history markers come even when no line is missing.</param>
/// <param name="NextId">The id of the room's first chat line after the entry.</param>
internal sealed record Replay(IReadOnlyList<LoggedLine> Lines, long Gone, bool Resumed, long NextId);
