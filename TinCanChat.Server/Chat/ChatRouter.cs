using System.Collections.Concurrent;
using System.Globalization;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Chat mode on a server that stands alone (SPEC §2, §6): every client starts in #lobby, chat
/// lines go to the sender's room as "name: text". Rooms order their own lines
/// (<see cref="Room"/>); this class decides who is where and what each command does.
/// Lock order: a member's lock, then the room directory's, then a room's (see ARCHITECTURE.md).
/// </summary>
/// <param name="linesAtOnce">The most chat lines of one sender queued together (<see cref="Room.MaxLinesAtOnce"/>).</param>
internal sealed partial class ChatRouter(RoomDirectory rooms, int maxLineBytes = WireFormat.DefaultMaxMessageBytes, int linesAtOnce = 1) : ChatRouterBase(maxLineBytes)
{
    private readonly ConcurrentDictionary<string, ChatMember> _nicknames = new(StringComparer.OrdinalIgnoreCase);
    private const string PrivateRoom = "~";

    private int _online;
    private long _lastPrivateId;

    public override bool OnJoined(IClientSession session, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(session);
        var member = new ChatMember(session);
        Members[session] = member;
        var entered = false;
        Locked(member, () =>
        {
            var online = Interlocked.Increment(ref _online);
            var notice = online <= AnnounceLimit ? FrameEncoder.Encode(ServerNotices.Joined(member.Name, online)) : null;
            entered = Enter(member, RoomDirectory.Lobby, _ => notice, batch);
            if (!entered)
            {
                Interlocked.Decrement(ref _online);
                Members.TryRemove(session, out _);
            }
        });
        return entered;
    }

    public override void Stop() => rooms.Stop();

    // A read's lines go to the room together (at the end of the read, before a command, or every
    // few hundred): numbered and kept in one step, one disk transaction instead of one per line.
    protected override void Say(ChatMember member, string text, WakeBatch batch)
    {
        member.UnsentLines.Add($"{member.Name}: {text}");
        if (member.UnsentLines.Count >= linesAtOnce)
        {
            Flush(member, batch);
        }
    }

    protected override void Flush(ChatMember member, WakeBatch batch)
    {
        if (member.UnsentLines.Count == 0)
        {
            return;
        }

        var frames = member.UnsentLines.Select(FrameEncoder.Encode).ToList();
        member.UnsentLines.Clear();
        member.Room?.Say(frames, member.Session, batch);
    }

    protected override void ListRooms(ChatMember member, WakeBatch batch) => ReplyRooms(member, rooms.List(), batch);

    protected override void Leave(ChatMember member, CloseReason reason)
    {
        var online = Interlocked.Decrement(ref _online);
        if (member.Room is { } room)
        {
            member.Room = null;
            room.Remove(member.Session, _ => online < AnnounceLimit && LeaveNotice(member.Name, reason, online.ToString(CultureInfo.InvariantCulture)) is { } notice
                ? FrameEncoder.Encode(notice)
                : null);
            rooms.ForgetIfEmpty(room);
        }

        if (member.HasNickname)
        {
            _nicknames.TryRemove(new KeyValuePair<string, ChatMember>(member.Name, member));
        }
    }

    // Enters the named room (created if new); a room retired meanwhile is replaced by a new one.
    private bool Enter(ChatMember member, string roomName, Func<int, byte[]?> notice, WakeBatch batch, long? resumeAfter = null)
    {
        while (true)
        {
            var room = rooms.GetOrCreate(roomName);
            if (room.Add(member.Session, notice, batch, out var firstSeen, resumeAfter: resumeAfter))
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
