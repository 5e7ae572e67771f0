using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Chat;

/// <summary>The commands that change or show where a member is: /nick, /who, /msg, /join, and the replies.</summary>
internal sealed partial class ChatRouter
{
    protected override void Rename(ChatMember member, string name, WakeBatch batch)
    {
        var old = member.Name;
        var sameName = member.HasNickname && string.Equals(old, name, StringComparison.OrdinalIgnoreCase);
        if (!sameName && !_nicknames.TryAdd(name, member))
        {
            Reply(member, ServerNotices.Error($"the nickname {name} is taken"), batch);
            return;
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
        member.Room?.Broadcast(FrameEncoder.Encode(ServerNotices.Renamed(old, name)), member.Session, batch);
    }

    protected override void Who(ChatMember member, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        var names = room.Members().Select(session => Members.TryGetValue(session, out var other) ? other.Name : session.Label).ToList();
        ReplyWho(member, room.Name, names, batch);
    }

    protected override void Private(ChatMember member, string name, string text, WakeBatch batch)
    {
        if (!_nicknames.TryGetValue(name, out var target) || target.Room is not { } room)
        {
            Reply(member, ServerNotices.Error($"no one called {name}"), batch);
            return;
        }

        // Private lines have ids of their own, one numbering for the server ('~' as their room).
        var line = new LoggedLine(Interlocked.Increment(ref _lastPrivateId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), FrameEncoder.Encode(ServerNotices.Private(member.Name, target.Name, text)));
        room.SendTo(target.Session, target.Session.WantsIds ? line.WithId(PrivateRoom) : line.Frame, member.Session, batch);
        if (target != member && member.Session.Reply(member.Session.WantsIds ? line.WithId(PrivateRoom) : line.Frame))
        {
            batch.Include(member.Session);
        }
    }

    protected override void ShowHistory(ChatMember member, int count, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        var lines = room.LinesBefore(member.HistoryCursor, count);
        if (lines.Count == 0)
        {
            Reply(member, ServerNotices.NoOlderLines(room.Name), batch);
            return;
        }

        member.HistoryCursor = lines[0].Id;
        Reply(member, ServerNotices.HistoryOf(room.Name), batch);
        foreach (var line in lines)
        {
            if (member.Session.Reply(member.Session.WantsIds ? line.WithId(room.Key) : line.Frame))
            {
                batch.Include(member.Session);
            }
        }

        Reply(member, ServerNotices.EndOfHistory, batch);
    }

    protected override void Move(ChatMember member, Room old, string roomName, WakeBatch batch) => Move(member, old, roomName, batch, resumeAfter: null);

    protected override void Resume(ChatMember member, Room old, string roomName, long afterId, WakeBatch batch)
    {
        if (!string.Equals(old.Name, roomName, StringComparison.OrdinalIgnoreCase))
        {
            Move(member, old, roomName, batch, afterId);
            return;
        }

        // Already here: every kept line after the id, also those it may have been sent on entering
        // (before it asked for ids, so without them): a client resuming drops that replay and
        // shows this one, by its ids.
        var (missing, gone) = old.LinesAfter(afterId);
        if (gone > 0)
        {
            Reply(member, ServerNotices.NoLongerKept(gone), batch);
        }

        Reply(member, ServerNotices.HistoryOf(old.Name), batch);
        foreach (var line in missing)
        {
            if (member.Session.Reply(member.Session.WantsIds ? line.WithId(old.Key) : line.Frame))
            {
                batch.Include(member.Session);
            }
        }

        Reply(member, ServerNotices.EndOfHistory, batch);
        if (missing.Count > 0)
        {
            member.HistoryCursor = Math.Min(member.HistoryCursor, missing[0].Id);
        }
    }

    private void Move(ChatMember member, Room old, string roomName, WakeBatch batch, long? resumeAfter)
    {
        member.Room = null;
        old.Remove(member.Session, _ => FrameEncoder.Encode(ServerNotices.LeftRoom(member.Name, old.Name)));
        rooms.ForgetIfEmpty(old);
        var joined = FrameEncoder.Encode(ServerNotices.JoinedRoom(member.Name, roomName));
        Enter(member, roomName, _ => joined, batch, resumeAfter);
    }
}
