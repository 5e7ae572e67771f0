using System.Collections.Concurrent;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.Commands;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Chat mode (SPEC §2, §6): every client starts in #lobby, chat lines go to the sender's room as
/// "name: text", and lines starting with / are commands. Rooms order their own lines
/// (<see cref="Room"/>); this class decides who is where and what each command does.
/// Lock order: a member's lock, then the room directory's, then a room's (see ARCHITECTURE.md).
/// </summary>
internal sealed class ChatRouter(RoomDirectory rooms) : IMessageRouter
{
    /// <summary>
    /// Above this many clients online, arrivals and departures are not announced (as busy IRC
    /// channels hide them): each would wake every client's send thread, and 10 000 clients
    /// arriving would make 50 million notices.
    /// </summary>
    public const int AnnounceLimit = 1000;

    private readonly ConcurrentDictionary<IClientSession, ChatMember> _members = new();
    private readonly ConcurrentDictionary<string, ChatMember> _nicknames = new(StringComparer.OrdinalIgnoreCase);
    private int _online;

    public bool OnJoined(IClientSession session, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(session);
        var member = new ChatMember(session);
        _members[session] = member;
        var entered = false;
        Locked(member, () =>
        {
            var online = Interlocked.Increment(ref _online);
            var notice = online <= AnnounceLimit ? FrameEncoder.Encode(ServerNotices.Joined(member.Name, online)) : null;
            entered = Enter(member, RoomDirectory.Lobby, _ => notice, batch);
            if (!entered)
            {
                Interlocked.Decrement(ref _online);
                _members.TryRemove(session, out _);
            }
        });
        return entered;
    }

    public void OnMessage(IClientSession session, string text, WakeBatch batch)
    {
        if (!_members.TryGetValue(session, out var member))
        {
            return;
        }

        switch (CommandParser.Parse(text))
        {
            case ChatCommand.Say say:
                member.Room?.Broadcast(FrameEncoder.Encode($"{member.Name}: {say.Text}"), session, batch, chat: true);
                break;
            case ChatCommand.Nick nick:
                Rename(member, nick.Name, batch);
                break;
            case ChatCommand.Who:
                Who(member, batch);
                break;
            case ChatCommand.Msg msg:
                Private(member, msg.Name, msg.Text, batch);
                break;
            case ChatCommand.Join join:
                Move(member, Names.Room(join.Room), batch);
                break;
            case ChatCommand.Rooms:
                Reply(member, ServerNotices.Rooms(rooms.List()), batch);
                break;
            case ChatCommand.Help:
                CommandParser.HelpLines.ToList().ForEach(line => Reply(member, line, batch));
                break;
            case ChatCommand.Quit quit:
                session.Close(quit.Reason is null ? CloseReason.PeerClosed : CloseReason.Quit(quit.Reason));
                break;
            case ChatCommand.Misused misused:
                Reply(member, ServerNotices.Error($"usage: {misused.Usage}"), batch);
                break;
            case ChatCommand.Unknown unknown:
                Reply(member, ServerNotices.Error($"unknown command /{unknown.Name} — try /help"), batch);
                break;
        }
    }

    public void OnLeft(IClientSession session, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (_members.TryRemove(session, out var member))
        {
            member.RequestLeave(reason);
            FinishPendingLeave(member);
        }
    }

    public void Stop() => rooms.Stop();

    // Runs a change of the member under its lock, then any leave requested meanwhile.
    private void Locked(ChatMember member, Action change)
    {
        lock (member.Lock)
        {
            change();
        }

        FinishPendingLeave(member);
    }

    // A leave must not wait for the member's lock (its own thread may hold it while held back,
    // and two members closing each other would deadlock): whoever gets the lock does it.
    private void FinishPendingLeave(ChatMember member)
    {
        while (member.HasPendingLeave && member.Lock.TryEnter())
        {
            try
            {
                if (member.TakePendingLeave() is { } reason)
                {
                    Leave(member, reason);
                }
            }
            finally
            {
                member.Lock.Exit();
            }
        }
    }

    private void Leave(ChatMember member, CloseReason reason)
    {
        var online = Interlocked.Decrement(ref _online);
        if (member.Room is { } room)
        {
            member.Room = null;
            room.Remove(member.Session, _ => !reason.Announce || online >= AnnounceLimit ? null
                : FrameEncoder.Encode(reason.QuitMessage is { } quit ? ServerNotices.Quit(member.Name, quit)
                    : ServerNotices.Left(member.Name, reason == CloseReason.PeerClosed ? null : reason.Description, online)));
            rooms.ForgetIfEmpty(room);
        }

        if (member.HasNickname)
        {
            _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(member.Name, member));
        }
    }

    private static void Reply(ChatMember member, string line, WakeBatch batch)
    {
        if (member.Session.Reply(FrameEncoder.Encode(line)))
        {
            batch.Include(member.Session);
        }
    }

    // Enters the named room (created if new); a room retired meanwhile is replaced by a new one.
    private bool Enter(ChatMember member, string roomName, Func<int, byte[]?> notice, WakeBatch batch)
    {
        while (true)
        {
            var room = rooms.GetOrCreate(roomName);
            if (room.Add(member.Session, notice, batch))
            {
                member.Room = room;
                return true;
            }

            if (!room.IsRetired)
            {
                return false;
            }
        }
    }

    private void Rename(ChatMember member, string name, WakeBatch batch)
    {
        if (Names.Problem(name) is { } problem)
        {
            Reply(member, ServerNotices.Error($"nickname {problem}"), batch);
            return;
        }

        Locked(member, () =>
        {
            var old = member.Name;
            if (old == name)
            {
                return;
            }

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
        });
    }

    private void Who(ChatMember member, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        var names = room.Members().Select(session => _members.TryGetValue(session, out var other) ? other.Name : session.Label).ToList();
        Reply(member, ServerNotices.Who(room.Name, names), batch);
    }

    private void Private(ChatMember member, string name, string text, WakeBatch batch)
    {
        if (!_nicknames.TryGetValue(name, out var target) || target.Room is not { } room)
        {
            Reply(member, ServerNotices.Error($"no one called {name}"), batch);
            return;
        }

        var frame = FrameEncoder.Encode(ServerNotices.Private(member.Name, target.Name, text));
        room.SendTo(target.Session, frame, member.Session, batch);
        if (target != member)
        {
            Reply(member, ServerNotices.Private(member.Name, target.Name, text), batch);
        }
    }

    private void Move(ChatMember member, string roomName, WakeBatch batch)
    {
        if (Names.Problem(roomName) is { } problem)
        {
            Reply(member, ServerNotices.Error($"room {problem}"), batch);
            return;
        }

        Locked(member, () =>
        {
            if (member.Room is not { } old)
            {
                return;
            }

            if (string.Equals(old.Name, roomName, StringComparison.OrdinalIgnoreCase))
            {
                Reply(member, ServerNotices.AlreadyIn(old.Name), batch);
                return;
            }

            member.Room = null;
            old.Remove(member.Session, _ => FrameEncoder.Encode(ServerNotices.LeftRoom(member.Name, old.Name)));
            rooms.ForgetIfEmpty(old);
            var joined = FrameEncoder.Encode(ServerNotices.JoinedRoom(member.Name, roomName));
            Enter(member, roomName, _ => joined, batch);
        });
    }
}
