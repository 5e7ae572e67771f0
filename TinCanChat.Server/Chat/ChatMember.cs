using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat;

/// <summary>
/// A client as the chat sees it: the name others see and the room it is in. Changed only under
/// <see cref="Lock"/>, by the client's own receive thread (entering the lobby, commands) or its leave; lock order: a member's lock, then the room directory's, then a room's.
/// A leave, or an order of someone else's, never waits for the lock: it is left here
/// (<see cref="RequestLeave"/>, <see cref="RequestOrder"/>) and done by whoever holds or next
/// takes the lock.
/// </summary>
/// <param name="guestName">What it is called until it picks a nickname.</param>
/// <param name="finishPending">Does what was left for whoever holds the lock, if the lock is free now (the chat layer's).</param>
internal sealed class ChatMember(IClientSession session, string guestName, Action<ChatMember>? finishPending = null)
{
    // Made on the first order: most members never get one, and thousands of idle members
    // would each hold an empty queue's storage (about 0.8 KiB).
    private ConcurrentQueue<MemberOrder>? _orders;
    private CloseReason? _pendingLeave;
    private (Room Room, long HistoryCursor)[] _otherRooms = [];

    public Lock Lock { get; } = new();

    /// <summary>Names the member among all servers (with <c>--redis</c>); empty on a server alone.</summary>
    public string Token { get; set; } = "";

    public IClientSession Session { get; } = session;

    /// <summary>The nickname, or its guest name (address and port, or cloaked) until one is picked.</summary>
    public string Name { get; set; } = guestName;

    public bool HasNickname { get; set; }

    /// <summary>What it falls back to when it gives up its nickname.</summary>
    public string GuestName { get; } = guestName;

    /// <summary>Its IP address: what a guest is banned, invited and throttled by.</summary>
    public string Address { get; } = IPEndPoint.TryParse(session.Label, out var endPoint) ? endPoint.Address.ToString() : session.Label;

    /// <summary>The account it is logged in as (as typed at login), or null.</summary>
    public string? Account { get; set; }

    /// <summary>The id of the oldest line of its room it has seen: <c>/history</c> pages back from there.</summary>
    public long HistoryCursor { get; set; }

    /// <summary>The room its plain lines go to (with <c>/cap rooms</c>, the one in focus); null before entering the lobby and after leaving.</summary>
    public Room? Room { get; set; }

    /// <summary>Whether it asked for several rooms at once (<c>/cap rooms</c>, SPEC §6).</summary>
    public bool InSeveralRooms { get; set; }

    /// <summary>
    /// Its rooms besides <see cref="Room"/> (with <c>/cap rooms</c>), each with its history cursor,
    /// the latest in focus last. Replaced whole, never changed in place: other threads read it
    /// without the lock (an order looking for a guest in a room, the heartbeat listing members).
    /// </summary>
    public IReadOnlyList<(Room Room, long HistoryCursor)> OtherRooms => Volatile.Read(ref _otherRooms);

    /// <summary>Every room it is in, the one in focus first.</summary>
    public IReadOnlyList<Room> Rooms => Room is { } room ? [room, .. OtherRooms.Select(other => other.Room)] : [];

    /// <summary>Chat lines read but not sent to the room yet (a read's go together: one disk transaction, or one Redis round trip); its receive thread's alone.</summary>
    public List<string> UnsentLines { get; } = [];

    /// <summary>The lock contract the stores rely on: a member changes under its own lock (checked in Debug builds).</summary>
    [Conditional("DEBUG")]
    public void AssertLocked() => Debug.Assert(Lock.IsHeldByCurrentThread, "a member changes under its own lock");

    /// <summary>Whether the room is one of its rooms (read by a room feed about to admit it, under that room's lock).</summary>
    public bool IsIn(Room room) => Room == room || OtherRooms.Any(other => other.Room == room);

    /// <summary>The room of that name it is in, or null.</summary>
    public Room? RoomNamed(string name) => Rooms.FirstOrDefault(room => room.StoreKey == Names.Fold(name));

    /// <summary>Entered one more room, which took the focus: the one that had it is one of the others now.</summary>
    public void KeepAlso(Room room, long historyCursor)
    {
        AssertLocked();
        Volatile.Write(ref _otherRooms, [.. _otherRooms, (room, historyCursor)]);
    }

    /// <summary>One of its other rooms takes the focus; the one in focus becomes one of the others.</summary>
    public void Focus(Room room)
    {
        AssertLocked();
        if (Room is { } focused && Array.FindIndex(_otherRooms, other => other.Room == room) is var index and >= 0)
        {
            var cursor = _otherRooms[index].HistoryCursor;
            Volatile.Write(ref _otherRooms, [.. _otherRooms.Where((_, at) => at != index), (focused, HistoryCursor)]);
            (Room, HistoryCursor) = (room, cursor);
        }
    }

    /// <summary>Out of one of its rooms; the room in focus leaving, the latest other takes the focus (none left: no room).</summary>
    public void Drop(Room room)
    {
        AssertLocked();
        if (Room == room)
        {
            (Room, HistoryCursor) = _otherRooms.Length > 0 ? _otherRooms[^1] : (null, 0);
            Volatile.Write(ref _otherRooms, _otherRooms.Length > 0 ? _otherRooms[..^1] : []);
        }
        else
        {
            Volatile.Write(ref _otherRooms, [.. _otherRooms.Where(other => other.Room != room)]);
        }
    }

    /// <summary>It was sent the room's lines from that id on: <c>/history</c> there pages back from the oldest.</summary>
    public void SawFrom(Room room, long id)
    {
        AssertLocked();
        if (Room == room)
        {
            HistoryCursor = Math.Min(HistoryCursor, id);
        }
        else
        {
            Volatile.Write(ref _otherRooms, [.. _otherRooms.Select(other => other.Room == room ? (room, Math.Min(other.HistoryCursor, id)) : other)]);
        }
    }

    public bool HasPendingLeave => Volatile.Read(ref _pendingLeave) is not null;

    public void RequestLeave(CloseReason reason) => Interlocked.Exchange(ref _pendingLeave, reason);

    /// <summary>The requested leave, once: null if there is none or another thread took it.</summary>
    public CloseReason? TakePendingLeave() => Interlocked.Exchange(ref _pendingLeave, null);

    /// <summary>Something done to it by someone else (a kick, a takeover of its name), left like a leave for whoever holds the lock.</summary>
    public void RequestOrder(MemberOrder order)
    {
        LazyInitializer.EnsureInitialized(ref _orders).Enqueue(order);
        finishPending?.Invoke(this);
    }

    public bool HasPendingOrders => Volatile.Read(ref _orders) is { IsEmpty: false };

    public MemberOrder? TakePendingOrder() => Volatile.Read(ref _orders) is { } orders && orders.TryDequeue(out var order) ? order : null;
}
