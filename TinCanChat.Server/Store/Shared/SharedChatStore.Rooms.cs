using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Store.Shared;

/// <summary>Entering and leaving rooms: numbered in the shared state, carried out here by the room's feed.</summary>
internal sealed partial class SharedChatStore
{
    private static readonly TimeSpan SubscribePatience = TimeSpan.FromSeconds(5);

    public void Arrive(ChatMember member, string room, string notice, WakeBatch batch)
    {
        member.AssertLocked();
        if (_stopped)
        {
            return;
        }

        if (member.Token.Length == 0)
        {
            member.Token = _shared.NewToken();
        }

        _byToken[member.Token] = member;
        try
        {
            Enter(member, room, from: null, resumed: false, entering => _shared.Arrive(member.Token, entering.StoreKey, entering.Name, member.Name, notice, _history, member.HasNickname ? Names.Fold(member.Name) : ""));
        }
        catch
        {
            _byToken.TryRemove(member.Token, out _);
            if (member.HasNickname)
            {
                ReleaseQuietly(Names.Fold(member.Name), member.Token);
            }

            throw;
        }
    }

    public void Move(ChatMember member, Room from, string room, string leftNotice, string joinedNotice, long? resumeAfter, WakeBatch batch)
    {
        member.AssertLocked();
        ArgumentNullException.ThrowIfNull(from);
        Enter(member, room, from, resumeAfter is not null, entering => _shared.Move(member.Token, entering.StoreKey, entering.Name, leftNotice, joinedNotice, _history, Address(member), resumeAfter));
        Forget(from);
    }

    public void Join(ChatMember member, string room, string joinedNotice, long? resumeAfter, WakeBatch batch)
    {
        member.AssertLocked();
        if (member.Room is not null)
        {
            Enter(member, room, from: null, resumeAfter is not null, entering => _shared.Join(member.Token, entering.StoreKey, entering.Name, joinedNotice, _history, Address(member), resumeAfter), keepFocused: true);
        }
    }

    public void Part(ChatMember member, Room room, string leftNotice, WakeBatch batch)
    {
        member.AssertLocked();
        ArgumentNullException.ThrowIfNull(room);
        _shared.Part(member.Token, room.StoreKey, leftNotice);

        // Out here at once: a line of the room still on its way is not its any more (it left at its number).
        member.Drop(room);
        room.Remove(member.Session, null);
        Forget(room);
    }

    public void Leave(ChatMember member, string? notice, string? elsewhere = null)
    {
        member.AssertLocked();
        if (!_byToken.TryRemove(member.Token, out _))
        {
            return;
        }

        foreach (var room in member.Rooms)
        {
            member.Drop(room);
            room.Remove(member.Session, null);
            Forget(room);
        }

        _shared.LeaveLater(member.Token, notice ?? "", notice is null ? "" : elsewhere ?? notice);
    }

    // Numbers the member's entry into the room (and its leaving from) in the shared state (number);
    // the room's feed adds it here at that number. With keepFocused (/cap rooms), the room it had
    // in focus stays one of its rooms. Under the member's lock.
    private void Enter(ChatMember member, string roomName, Room? from, bool resumed, Func<Room, RoomEntry> number, bool keepFocused = false)
    {
        var (room, feed) = OpenRoom(roomName);
        var join = new PendingJoin(member, resumed);
        feed.Expect(join);
        try
        {
            var entry = number(room);

            // Its room before the feed may let it in: the feed admits only a member whose rooms
            // still include the room, so one that moves on first is never left in it here.
            var focused = (member.Room, member.HistoryCursor);
            member.Room = room;
            member.HistoryCursor = entry.History.Count > 0 ? entry.History[0].Id : entry.LastId + 1;
            if (keepFocused && focused.Room is { } other)
            {
                member.KeepAlso(other, focused.HistoryCursor);
            }

            // Out of the old room here before the new room's feed may let it in: it never gets
            // a line of the old room after one of the new (a line of the old one still on its way
            // is not its any more: it left at its number).
            from?.Remove(member.Session, null);
            feed.Numbered(join, entry);
        }
        catch
        {
            feed.Failed(join);
            room.Unreserve();
            Forget(room);
            throw;
        }
    }

    // The client's address, for the limit on new rooms; its label is the address and port.
    private static string Address(ChatMember member) =>
        System.Net.IPEndPoint.TryParse(member.Session.Label, out var endPoint) ? endPoint.Address.ToString() : member.Session.Label;

    // The room here, kept from retiring and heard by its feed.
    private (Room Room, RoomFeed Feed) OpenRoom(string name)
    {
        while (true)
        {
            var room = _rooms.GetOrCreate(name);
            if (!room.Reserve())
            {
                continue;
            }

            var lazy = _feeds.GetOrAdd(room, created => new Lazy<RoomFeed>(() => new RoomFeed(_shared, created, LocalSession, _log, _startThread)));
            RoomFeed feed;
            try
            {
                feed = lazy.Value;
            }
            catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
            {
                // Out of threads (a pids limit): nothing of the attempt stays, and the next one tries again.
                _feeds.TryRemove(new KeyValuePair<Room, Lazy<RoomFeed>>(room, lazy));
                room.Unreserve();
                Forget(room);
                _log.Warning("Room #{Room} could not start its feed: {Problem}", name, ex.Message);
                throw new RoomUnavailableException($"the server has no thread to spare for #{name} now; try again shortly", ex);
            }

            // Not while the shared state is known to be down: the client is told at once.
            if (feed.WaitSubscribed(_shared.IsConnected ? SubscribePatience : TimeSpan.Zero))
            {
                return (room, feed);
            }

            room.Unreserve();
            Forget(room);
            throw new StoreUnavailableException($"cannot subscribe to #{name}");
        }
    }

    private void Forget(Room room)
    {
        if (_rooms.ForgetIfEmpty(room) && _feeds.TryRemove(room, out var feed))
        {
            feed.Value.Dispose();
        }
    }
}
