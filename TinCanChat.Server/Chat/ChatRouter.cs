using System.Collections.Concurrent;
using System.Text;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Chat mode (SPEC §6): who is a member, which command a line is, what each command does and
/// answers. Written once: where the rooms, names and lines live is the store's
/// (<see cref="IChatStore"/>), this server's alone or shared through Redis. Lock order: a
/// member's lock, then whatever the store takes (see ARCHITECTURE.md).
/// </summary>
/// <param name="maxLineBytes">The server's own message limit: no line it sends is longer.</param>
/// <param name="linesAtOnce">The most chat lines of one sender sent to the store together.</param>
/// <param name="guests">What clients are called before they pick a nickname (default: their address and port).</param>
/// <param name="identity">Accounts and registered rooms (default: in memory, this router's own).</param>
internal sealed partial class ChatRouter(IChatStore store, int maxLineBytes = WireFormat.DefaultMaxMessageBytes, int linesAtOnce = 1, GuestNames? guests = null, IdentityServices? identity = null) : IMessageRouter, IDisposable
{
    /// <summary>
    /// Above this many clients online, arrivals and departures are not announced (as busy IRC
    /// channels hide them): each would wake every client's send thread, and 10 000 clients
    /// arriving would make 50 million notices.
    /// </summary>
    public const int AnnounceLimit = 1000;

    private const int QuitReasonChars = 200;

    private static readonly string ArrivalNotice = ServerNotices.Joined(NoticeSlots.Name, NoticeSlots.Online);

    private readonly ConcurrentDictionary<IClientSession, ChatMember> _members = new();
    private readonly IdentityServices _identity = identity ?? IdentityServices.InMemory();

    public void OnReadDone(IClientSession session, WakeBatch batch)
    {
        if (_members.TryGetValue(session, out var member))
        {
            Flush(member, batch);
        }
    }

    public void OnLeft(IClientSession session, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (_members.TryRemove(session, out var member))
        {
            member.RequestLeave(reason);
            FinishPending(member);
        }
    }

    public void Stop() => store.Stop();

    /// <summary>After every client closed.</summary>
    public void Dispose()
    {
        store.Dispose();
        _identity.Dispose();
    }

    private static void Reply(ChatMember member, string line, WakeBatch batch) => Reply(member, FrameEncoder.Encode(line), batch);

    private static void Reply(ChatMember member, byte[] frame, WakeBatch batch)
    {
        if (member.Session.Reply(frame))
        {
            batch.Include(member.Session);
        }
    }

    // A read's lines go to the store together (at the end of the read, before a command, or every
    // few hundred): one disk transaction or one Redis round trip, not one per line.
    private void Say(ChatMember member, string line, WakeBatch batch)
    {
        member.UnsentLines.Add(line);
        if (member.UnsentLines.Count >= linesAtOnce)
        {
            Flush(member, batch);
        }
    }

    private void Flush(ChatMember member, WakeBatch batch)
    {
        if (member.UnsentLines.Count == 0)
        {
            return;
        }

        List<string> lines = [.. member.UnsentLines];
        member.UnsentLines.Clear();
        if (member.Room is { } room)
        {
            SayIn(member, room, lines, batch);
        }
    }

    private void SayIn(ChatMember member, Room room, List<string> lines, WakeBatch batch)
    {
        try
        {
            store.Say(member, room, lines, batch);
        }
        catch (StoreUnavailableException ex)
        {
            // Each line is answered: none of them reached anyone, or, when the store took them but
            // did not answer in time, the sender is not told they were lost (retyped, they would
            // be said twice).
            lines.ForEach(_ => Unavailable(member, "your line was not sent", ex, batch, maybe: "your line may or may not have been sent; look before you send it again"));
        }
    }

    // A command whose store is unreachable: the client is told so.
    private static void Answered(ChatMember member, WakeBatch batch, string what, Action command) =>
        Answered(member, batch, what, () =>
        {
            command();
            return true;
        });

    /// <returns>False when the store could not be reached (the client was told).</returns>
    private static bool Answered(ChatMember member, WakeBatch batch, string what, Func<bool> command)
    {
        try
        {
            return command();
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, what, ex, batch);
            return false;
        }
    }

    /// <param name="maybe">What to say instead when the store may have carried it out all the same (it took the call, the answer did not come).</param>
    private static void Unavailable(ChatMember member, string what, StoreUnavailableException ex, WakeBatch batch, string? maybe = null) =>
        Reply(
            member,
            maybe is not null && ex.MayHaveHappened
                ? ServerNotices.Error($"the chat network did not answer in time, {maybe}")
                : ServerNotices.Error($"the chat network is unreachable, {what}; try again shortly"),
            batch);

    /// <summary>The leave notice of a member who leaves the chat, or null when none is due.</summary>
    private static string? LeaveNotice(string name, CloseReason reason) =>
        !reason.Announce ? null
            : reason.QuitMessage is { } quit ? ServerNotices.Quit(name, quit)
            : ServerNotices.Left(name, reason == CloseReason.PeerClosed ? null : reason.Description, NoticeSlots.Online);

    // A reason shown in a leave notice: at most QuitReasonChars, so the notice fits any limit.
    private static string Shortened(string reason) =>
        reason.Length <= QuitReasonChars ? reason
            : string.Concat(reason.AsSpan(0, char.IsHighSurrogate(reason[QuitReasonChars - 1]) ? QuitReasonChars - 1 : QuitReasonChars), "…");

    // A relayed line must fit the limit every reader holds the server's own lines to.
    private bool TooLongToRelay(string line) => Encoding.UTF8.GetByteCount(line) > maxLineBytes;

    private void RefuseTooLong(ChatMember member, WakeBatch batch) =>
        Reply(member, ServerNotices.Error($"your line was not sent: with your name in front it exceeds {maxLineBytes} bytes"), batch);

    /// <summary>Runs a change of the member under its lock, then any leave requested meanwhile.</summary>
    private void Locked(ChatMember member, Action change)
    {
        lock (member.Lock)
        {
            change();
        }

        FinishPending(member);
    }

    // A leave, or another member's order (a kick, a takeover), must not wait for the member's lock
    // (its own thread may hold it while held back, and two members acting on each other would
    // deadlock): whoever gets the lock does it. A leave first: no order is done for one leaving.
    private void FinishPending(ChatMember member)
    {
        while ((member.HasPendingLeave || member.HasPendingOrders) && member.Lock.TryEnter())
        {
            try
            {
                if (member.TakePendingLeave() is { } reason)
                {
                    Leave(member, reason);
                }
                else if (member.TakePendingOrder() is { } order && member.Room is not null)
                {
                    var batch = new WakeBatch();
                    Carry(member, order, batch);
                    batch.Complete();
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
        member.AssertLocked();

        // Others on other servers see this one go even when its server shuts down (the rooms here
        // route nothing by then).
        var announced = reason == CloseReason.ServerShutdown ? reason with { Announce = true } : reason;
        var notice = LeaveNotice(member.Name, announced);
        store.Leave(member, notice, notice is null ? null : ServerNotices.LeftRoom(NoticeSlots.Name, NoticeSlots.Room));
    }
}
