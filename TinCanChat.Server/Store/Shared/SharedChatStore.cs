using System.Collections.Concurrent;
using Serilog;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// The chat of several servers sharing one state (<c>--redis</c>, SPEC §9): rooms, names and
/// counts live in <see cref="ISharedChat"/>. A line is numbered by its room's sequencer there on
/// the sender's own receive thread, and comes back to every server, this one included, through
/// the room's <see cref="RoomFeed"/>, which alone delivers to the members here. No shared call runs
/// under a room's or the directory's lock; operations hold only the member's own lock across one.
/// </summary>
internal sealed partial class SharedChatStore : IChatStore
{
    // A room held back on another server has no signal here: look again this often.
    private static readonly TimeSpan HeldElsewhereRecheck = TimeSpan.FromMilliseconds(20);

    // Enough to make a paste cheap; few enough that one script stays short for Redis.
    private const int MaxLinesPerTrip = 256;

    private readonly RoomDirectory _rooms;
    private readonly ISharedChat _shared;
    private readonly int _history;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Room, Lazy<RoomFeed>> _feeds = new();
    private readonly ConcurrentDictionary<string, ChatMember> _byToken = new();
    private readonly IDisposable _private;
    private readonly Action<Thread> _startThread;
    private volatile bool _stopped;

    /// <param name="rooms">The rooms of this server's members, keeping no history of their own.</param>
    /// <param name="history">Lines of a room's history a member entering it gets.</param>
    /// <param name="startThread">Starts a room feed's thread; a test can make it fail.</param>
    public SharedChatStore(RoomDirectory rooms, ISharedChat shared, int history, ILogger log, Action<Thread>? startThread = null)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _startThread = startThread ?? (thread => thread.Start());
        _rooms = rooms;
        _shared = shared;
        _history = history;
        _log = log;
        _private = shared.ListenPrivate(DeliverPrivate);
        shared.Start(LocalMembers);
    }

    /// <summary>At most this many lines go to the sequencer in one round trip.</summary>
    public static int LinesAtOnce => MaxLinesPerTrip;

    public void Stop()
    {
        _stopped = true;
        _rooms.Stop();
    }

    /// <summary>After every client closed: the feeds stop, and this server leaves the shared chat.</summary>
    public void Dispose()
    {
        foreach (var feed in _feeds.Values.Where(feed => feed.IsValueCreated))
        {
            feed.Value.Dispose();
        }

        try
        {
            _private.Dispose();
        }
        catch (StoreUnavailableException)
        {
            // Gone with the connection.
        }

        _shared.Dispose();
    }

    public void Say(ChatMember member, Room room, IReadOnlyList<string> lines, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(room);
        while (room.WaitWhileHeldBack(member.Session, batch))
        {
            if (_shared.Say(room.StoreKey, lines) || member.Session.IsClosing)
            {
                return;
            }

            batch.Complete();
            Thread.Sleep(HeldElsewhereRecheck);
        }
    }

    public IReadOnlyList<LoggedLine> Before(Room room, long id, int count)
    {
        ArgumentNullException.ThrowIfNull(room);
        return [.. _shared.Before(room.StoreKey, id, count).Select(Logged)];
    }

    public (IReadOnlyList<LoggedLine> Lines, long Gone) After(Room room, long id)
    {
        ArgumentNullException.ThrowIfNull(room);
        var (lines, gone) = _shared.After(room.StoreKey, id);
        return ([.. lines.Select(Logged)], gone);
    }

    /// <summary>A kept line as the chat layer sends it.</summary>
    public static LoggedLine Logged(KeptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new LoggedLine(line.Id, line.SaidAtMs, FrameEncoder.Encode(line.Text));
    }


    private IClientSession? LocalSession(string token) => _byToken.TryGetValue(token, out var member) ? member.Session : null;

    // A member still on its way in (no room yet) is listed without one: kept, not put back.
    private IReadOnlyList<SharedMember> LocalMembers() =>
        [.. _byToken.Values.Select(member => (member, room: member.Room, others: member.OtherRooms))
            .Select(seen => new SharedMember(seen.member.Token, seen.room?.StoreKey ?? "", seen.room?.Name ?? "", seen.member.Name,
                seen.member.HasNickname ? Names.Fold(seen.member.Name) : "", [.. seen.others.Select(other => (other.Room.StoreKey, other.Room.Name))]))];

    // A private line from a member of another server: the subscriber's thread never waits.
    private void DeliverPrivate(PrivateLine line)
    {
        if (line.Order is { } order)
        {
            // Done by whoever holds the member's lock, or at once on a thread of the pool: this one never waits.
            if (_byToken.TryGetValue(line.Token, out var ordered))
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => ordered.RequestOrder(order), null);
            }

            return;
        }

        if (_byToken.TryGetValue(line.Token, out var target))
        {
            var sent = new LoggedLine(line.Id, line.SaidAtMs, FrameEncoder.Encode(line.Text));
            if (target.Session.Offer(sent.FrameFor(target.Session, LoggedLine.PrivateRoom)))
            {
                target.Session.Wake();

                // Its senders on other servers wait while it is behind, as they would here.
                if (target.Session.HoldsBackSenders)
                {
                    _shared.MarkPrivateHeld(line.Token);
                }
            }
            else
            {
                target.Session.Close(CloseReason.SlowReader);
            }
        }
    }
}
