using System.Collections.Concurrent;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Store.InProcess;

/// <summary>
/// The chat of a server that stands alone (SPEC §2, §6): rooms here order their own lines under
/// their lock (<see cref="Room"/>), keeping them in the <see cref="IHistoryStore"/> (memory, or the
/// SQLite file of <c>--data</c>) before anyone is sent them; nicknames are unique on this server.
/// Lock order: a member's lock, then the room directory's, then a room's (see ARCHITECTURE.md).
/// </summary>
internal sealed partial class InProcessChatStore(RoomDirectory rooms) : IChatStore
{
    private readonly ConcurrentDictionary<string, ChatMember> _nicknames = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<IClientSession, ChatMember> _here = new();
    private int _online;
    private long _lastPrivateId;

    public void Arrive(ChatMember member, string room, string notice, WakeBatch batch)
    {
        member.AssertLocked();
        var online = Interlocked.Increment(ref _online);
        var frame = online <= ChatRouter.AnnounceLimit ? FrameEncoder.Encode(NoticeSlots.Fill(notice, member.Name, online)) : null;
        _here[member.Session] = member;
        if (!Enter(member, room, frame, batch, resumeAfter: null))
        {
            _here.TryRemove(member.Session, out _);
            Interlocked.Decrement(ref _online);
            if (member.HasNickname)
            {
                _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(member.Name, member));
            }
        }
    }

    public void Move(ChatMember member, Room from, string room, string leftNotice, string joinedNotice, long? resumeAfter, WakeBatch batch)
    {
        member.AssertLocked();
        member.Room = null;
        from.Remove(member.Session, _ => FrameEncoder.Encode(leftNotice));
        rooms.ForgetIfEmpty(from);
        Enter(member, room, FrameEncoder.Encode(joinedNotice), batch, resumeAfter);
    }

    public void Join(ChatMember member, string room, string joinedNotice, long? resumeAfter, WakeBatch batch)
    {
        member.AssertLocked();
        var (focused, cursor) = (member.Room, member.HistoryCursor);
        if (focused is not null && Enter(member, room, FrameEncoder.Encode(joinedNotice), batch, resumeAfter))
        {
            member.KeepAlso(focused, cursor);
        }
    }

    public void Part(ChatMember member, Room room, string leftNotice, WakeBatch batch)
    {
        member.AssertLocked();
        member.Drop(room);
        room.Remove(member.Session, _ => FrameEncoder.Encode(leftNotice));
        rooms.ForgetIfEmpty(room);
    }

    public void Leave(ChatMember member, string? notice, string? elsewhere = null)
    {
        member.AssertLocked();
        if (!_here.TryRemove(member.Session, out _))
        {
            return;
        }

        var online = Interlocked.Decrement(ref _online);
        var first = true;
        foreach (var room in member.Rooms)
        {
            var text = first ? notice : elsewhere ?? notice;
            first = false;
            member.Drop(room);
            room.Remove(member.Session, _ => online < ChatRouter.AnnounceLimit && text is not null ? FrameEncoder.Encode(NoticeSlots.Fill(text, member.Name, online, room.Name)) : null);
            rooms.ForgetIfEmpty(room);
        }

        if (member.HasNickname)
        {
            _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(member.Name, member));
        }
    }

    public void Say(ChatMember member, Room room, IReadOnlyList<string> lines, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(room);
        room.Say([.. lines.Select(FrameEncoder.Encode)], member.Session, batch);
    }

    public IReadOnlyList<(string Name, int Members)> Rooms() => rooms.List();

    public IReadOnlyList<LoggedLine> Before(Room room, long id, int count)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.LinesBefore(id, count);
    }

    public (IReadOnlyList<LoggedLine> Lines, long Gone) After(Room room, long id)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.LinesAfter(id);
    }

    public void Stop() => rooms.Stop();

    public void Dispose()
    {
    }


    // Enters the named room (created if new); a room retired meanwhile is replaced by a new one.
    private bool Enter(ChatMember member, string roomName, byte[]? notice, WakeBatch batch, long? resumeAfter)
    {
        while (true)
        {
            var room = rooms.GetOrCreate(roomName);
            if (room.Add(member.Session, _ => notice, batch, out var firstSeen, resumeAfter: resumeAfter))
            {
                member.Room = room;
                member.HistoryCursor = firstSeen;
                return true;
            }

            if (!room.IsRetired)
            {
                return false;
            }
        }
    }
}
