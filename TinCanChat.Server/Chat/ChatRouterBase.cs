using System.Text;
using System.Collections.Concurrent;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.Commands;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat;

/// <summary>
/// What chat mode does the same alone or in a network of servers (SPEC §6, §9): who is a member,
/// which command a line is, the replies that need no one else, and the member lock with its
/// deferred leave. Where the rooms and names live is up to the subclass: this server
/// (<see cref="ChatRouter"/>) or Redis (<see cref="Network.NetworkChatRouter"/>).
/// </summary>
/// <param name="maxLineBytes">The server's own message limit: no line it sends is longer.</param>
internal abstract partial class ChatRouterBase(int maxLineBytes) : IMessageRouter
{
    /// <summary>
    /// Above this many clients online, arrivals and departures are not announced (as busy IRC
    /// channels hide them): each would wake every client's send thread, and 10 000 clients
    /// arriving would make 50 million notices.
    /// </summary>
    public const int AnnounceLimit = 1000;

    private const int QuitReasonChars = 200;

    protected ConcurrentDictionary<IClientSession, ChatMember> Members { get; } = new();

    public abstract bool OnJoined(IClientSession session, WakeBatch batch);

    public void OnReadDone(IClientSession session, WakeBatch batch)
    {
        if (Members.TryGetValue(session, out var member))
        {
            Flush(member, batch);
        }
    }

    public void OnLeft(IClientSession session, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Members.TryRemove(session, out var member))
        {
            member.RequestLeave(reason);
            FinishPendingLeave(member);
        }
    }

    public abstract void Stop();

    /// <summary>Answers with as many lines as the list needs, none longer than the server's message limit.</summary>
    protected void ReplyWho(ChatMember member, string room, IReadOnlyCollection<string> names, WakeBatch batch) =>
        ServerNotices.Who(room, names, maxLineBytes).ToList().ForEach(line => Reply(member, line, batch));

    protected void ReplyRooms(ChatMember member, IEnumerable<(string Name, int Members)> rooms, WakeBatch batch) =>
        ServerNotices.Rooms(rooms, maxLineBytes).ToList().ForEach(line => Reply(member, line, batch));

    protected static void Reply(ChatMember member, string line, WakeBatch batch)
    {
        if (member.Session.Reply(FrameEncoder.Encode(line)))
        {
            batch.Include(member.Session);
        }
    }

    /// <summary>The leave notice of a member who leaves the chat, or null when none is due.</summary>
    /// <param name="online">The count as text: a number, or a slot Redis fills in.</param>
    protected static string? LeaveNotice(string name, CloseReason reason, string online) =>
        !reason.Announce ? null
            : reason.QuitMessage is { } quit ? ServerNotices.Quit(name, quit)
            : ServerNotices.Left(name, reason == CloseReason.PeerClosed ? null : reason.Description, online);

    /// <summary>A chat line from the member to its room, sent now or at the next <see cref="Flush"/>.</summary>
    protected abstract void Say(ChatMember member, string text, WakeBatch batch);

    /// <summary>Sends the chat lines <see cref="Say"/> gathered, if it gathers any; on the member's receive thread.</summary>
    protected virtual void Flush(ChatMember member, WakeBatch batch)
    {
    }

    /// <summary>A valid nickname, not the member's name already; under the member's lock.</summary>
    protected abstract void Rename(ChatMember member, string name, WakeBatch batch);

    protected abstract void Who(ChatMember member, WakeBatch batch);

    protected abstract void Private(ChatMember member, string name, string text, WakeBatch batch);

    /// <summary>From its room into another, by a valid name; under the member's lock.</summary>
    protected abstract void Move(ChatMember member, Room old, string roomName, WakeBatch batch);

    protected abstract void ListRooms(ChatMember member, WakeBatch batch);

    /// <summary>Why <c>/cap ids</c> cannot be had here, or null when it can.</summary>
    protected virtual string? IdsUnavailable => null;

    /// <summary>Replays the room's lines after the id, then live ones: in the member's room, those it has not been sent yet; else it moves there. Under its lock.</summary>
    protected abstract void Resume(ChatMember member, Room old, string roomName, long afterId, WakeBatch batch);

    /// <summary>Replays the room's lines before the oldest the member has seen, and remembers the new oldest; under its lock.</summary>
    protected abstract void ShowHistory(ChatMember member, int count, WakeBatch batch);

    /// <summary>The member leaves the chat; under its lock, once.</summary>
    protected abstract void Leave(ChatMember member, CloseReason reason);

    // A reason shown in a leave notice: at most QuitReasonChars, so the notice fits any limit.
    private static string Shortened(string reason) =>
        reason.Length <= QuitReasonChars ? reason
            : string.Concat(reason.AsSpan(0, char.IsHighSurrogate(reason[QuitReasonChars - 1]) ? QuitReasonChars - 1 : QuitReasonChars), "…");

    // A relayed line must fit the limit every reader holds the server's own lines to.
    private bool TooLongToRelay(string line) => Encoding.UTF8.GetByteCount(line) > maxLineBytes;

    /// <summary>Runs a change of the member under its lock, then any leave requested meanwhile.</summary>
    protected void Locked(ChatMember member, Action change)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(change);
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
}
