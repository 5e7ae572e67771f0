using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Store.InProcess;

/// <summary>Names on this server: nicknames, who is in a room, private lines.</summary>
internal sealed partial class InProcessChatStore
{
    public bool Rename(ChatMember member, string name, string notice, WakeBatch batch, bool takeOver = false)
    {
        member.AssertLocked();
        var old = member.Name;
        var sameName = member.HasNickname && string.Equals(old, name, StringComparison.OrdinalIgnoreCase);
        if (!sameName && !TryTake(member, name, takeOver))
        {
            return false;
        }

        if (member.HasNickname && !sameName)
        {
            _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(old, member));
        }

        if (sameName)
        {
            _nicknames[name] = member;
        }

        member.Name = name;
        member.HasNickname = true;
        Tell(member, notice, batch);
        return true;
    }

    public bool Claim(ChatMember member, string name, bool takeOver = false)
    {
        member.AssertLocked();
        if (!TryTake(member, name, takeOver))
        {
            return false;
        }

        member.Name = name;
        member.HasNickname = true;
        return true;
    }

    public void Unname(ChatMember member, string notice, WakeBatch batch)
    {
        member.AssertLocked();
        _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(member.Name, member));
        member.Name = member.GuestName;
        member.HasNickname = false;
        Tell(member, notice, batch);
    }

    public void Notice(ChatMember member, Room room, string notice, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(room);
        room.Broadcast(FrameEncoder.Encode(notice), member.Session, batch);
    }

    public bool Order(string name, string? room, MemberOrder order)
    {
        var target = _nicknames.GetValueOrDefault(name)
            ?? _here.Values.FirstOrDefault(member => string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase) && (room is null || member.RoomNamed(room) is not null));
        target?.RequestOrder(order);
        return target is not null;
    }

    public IReadOnlyList<string> Who(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return [.. room.Members().Select(session => _here.TryGetValue(session, out var member) ? member.Name : null).OfType<string>()];
    }

    public (LoggedLine Line, bool ToSelf)? Whisper(ChatMember from, string name, string line, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!_nicknames.TryGetValue(name, out var target) || target.Room is not { } room)
        {
            return null;
        }

        // One numbering of private lines for the server.
        var sent = new LoggedLine(Interlocked.Increment(ref _lastPrivateId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), FrameEncoder.Encode(NoticeSlots.Fill(line, target.Name, 0)));
        room.SendTo(target.Session, sent.FrameFor(target.Session, LoggedLine.PrivateRoom), from.Session, batch);
        return (sent, target == from);
    }

    // A notice about the member (a new name) to each of its rooms.
    private static void Tell(ChatMember member, string notice, WakeBatch batch)
    {
        var frame = FrameEncoder.Encode(notice);
        foreach (var room in member.Rooms)
        {
            room.Broadcast(frame, member.Session, batch);
        }
    }

    // The one atomic step that decides who gets a name; a login of its account takes it from whoever has it.
    private bool TryTake(ChatMember member, string name, bool takeOver)
    {
        if (_nicknames.TryAdd(name, member))
        {
            return true;
        }

        if (takeOver)
        {
            _nicknames[name] = member;
        }

        return takeOver;
    }
}
