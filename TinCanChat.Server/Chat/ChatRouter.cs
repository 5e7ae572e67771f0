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
internal sealed partial class ChatRouter(RoomDirectory rooms) : IMessageRouter
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
}
