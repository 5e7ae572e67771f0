using System.Collections.Concurrent;
using Serilog;
using StackExchange.Redis;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Network;

/// <summary>
/// Chat mode with <c>--redis</c> (SPEC §9): rooms, names and counts live in Redis, shared by
/// every server. A line is numbered by its room's sequencer in Redis on the sender's own receive
/// thread, and comes back to every server, this one included, through the room's
/// <see cref="RoomFeed"/>, which alone delivers to the members here. No Redis call runs under
/// a room's or the directory's lock; commands hold only the member's own lock across one.
/// </summary>
internal sealed partial class NetworkChatRouter : ChatRouterBase, IDisposable
{
    private static readonly TimeSpan SubscribePatience = TimeSpan.FromSeconds(5);

    // A room held back on another server has no signal here: look again this often.
    private static readonly TimeSpan HeldElsewhereRecheck = TimeSpan.FromMilliseconds(20);

    // Enough to make a paste cheap; few enough that one script stays short for Redis.
    private const int MaxLinesPerTrip = 256;

    private readonly RoomDirectory _rooms;
    private readonly ChatNetwork _network;
    private readonly int _history;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Room, Lazy<RoomFeed>> _feeds = new();
    private readonly ConcurrentDictionary<string, ChatMember> _byToken = new();
    private readonly ChannelMessageQueue _private;
    private readonly Action<Thread> _startThread;
    private volatile bool _stopped;

    /// <param name="rooms">The rooms of this server's members, keeping no history of their own.</param>
    /// <param name="history">Lines of a room's history a member entering it gets.</param>
    /// <param name="maxLineBytes">The server's own message limit: no line it sends is longer.</param>
    /// <param name="startThread">Starts a room feed's thread; a test can make it fail.</param>
    public NetworkChatRouter(RoomDirectory rooms, ChatNetwork network, int history, ILogger log, int maxLineBytes, Action<Thread>? startThread = null)
        : base(maxLineBytes)
    {
        _startThread = startThread ?? (thread => thread.Start());
        ArgumentNullException.ThrowIfNull(network);
        _rooms = rooms;
        _network = network;
        _history = history;
        _log = log;
        _private = network.Listen($"tcc:to:{network.ServerId}", DeliverPrivate);
        network.Start(LocalMembers);
    }

    public override bool OnJoined(IClientSession session, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_stopped)
        {
            return false;
        }

        var member = new ChatMember(session) { Token = _network.NewToken() };
        Members[session] = member;
        _byToken[member.Token] = member;
        var entered = false;
        var full = false;
        Locked(member, () =>
        {
            try
            {
                Enter(member, RoomDirectory.Lobby, from: null);
                entered = true;
            }
            catch (ChatNetworkException ex)
            {
                _log.Warning("Client {Client} could not enter the chat: {Problem}", member.Name, ex.Message);
            }
            catch (RoomUnavailableException)
            {
                full = true;
            }
        });
        if (!entered)
        {
            session.Close(full ? CloseReason.OutOfThreads : CloseReason.NetworkUnreachable);
        }

        return entered;
    }

    public override void Stop()
    {
        _stopped = true;
        _rooms.Stop();
    }

    /// <summary>After every client closed: the feeds stop, and this server leaves Redis.</summary>
    public void Dispose()
    {
        foreach (var feed in _feeds.Values.Where(feed => feed.IsValueCreated))
        {
            feed.Value.Dispose();
        }

        try
        {
            _private.Unsubscribe();
        }
        catch (RedisException)
        {
            // Gone with the connection.
        }

        _network.Dispose();
    }

    // A read's lines go to Redis in one round trip at the end of the read (or before a command,
    // or every MaxLinesPerTrip), numbered one after the other: a paste costs a few round trips,
    // not one per line, and its lines reach each server together.
    protected override void Say(ChatMember member, string text, WakeBatch batch)
    {
        member.UnsentLines.Add($"{member.Name}: {text}");
        if (member.UnsentLines.Count == MaxLinesPerTrip)
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

        RedisValue[] args = [default, _history, .. member.UnsentLines.Select(line => (RedisValue)line)];
        var count = member.UnsentLines.Count;
        member.UnsentLines.Clear();
        if (member.Room is not { } room)
        {
            return;
        }

        args[0] = Key(room);
        while (room.WaitWhileHeldBack(member.Session, batch))
        {
            long seq;
            try
            {
                seq = (long)_network.Run(NetworkScripts.Say, args);
            }
            catch (ChatNetworkException ex)
            {
                // Each line is answered: none of them reached anyone, or, when Redis took them but
                // did not answer in time, the sender is not told they were lost (retyped, they
                // would be said twice).
                for (var i = 0; i < count; i++)
                {
                    Unreachable(member, "your line was not sent", ex, batch, maybe: "your line may or may not have been sent; look before you send it again");
                }

                return;
            }

            if (seq > 0 || member.Session.IsClosing)
            {
                return;
            }

            batch.Complete();
            Thread.Sleep(HeldElsewhereRecheck);
        }
    }

    private static string Key(Room room) => ChatNetwork.Fold(room.Name);

    /// <param name="maybe">What to say instead when Redis may have carried it out all the same (it took the call, the answer did not come).</param>
    private void Unreachable(ChatMember member, string what, ChatNetworkException ex, WakeBatch batch, string? maybe = null)
    {
        _log.Debug("{Client}: {What}: {Problem}", member.Name, what, ex.Message);
        Reply(
            member,
            maybe is not null && ex.MayHaveHappened
                ? ServerNotices.Error($"the chat network did not answer in time, {maybe}")
                : ServerNotices.Error($"the chat network is unreachable, {what}; try again shortly"),
            batch);
    }

    private IClientSession? LocalSession(string token) => _byToken.TryGetValue(token, out var member) ? member.Session : null;

    // A member still on its way in (no room yet) is listed without one: kept, not put back.
    private IReadOnlyList<NetworkMember> LocalMembers() =>
        [.. _byToken.Values.Select(member => (member, room: member.Room))
            .Select(pair => new NetworkMember(pair.member.Token, pair.room is null ? "" : Key(pair.room), pair.room?.Name ?? "", pair.member.Name,
                pair.member.HasNickname ? ChatNetwork.Fold(pair.member.Name) : ""))];

    // A private line from a member of another server: the subscriber's thread never waits.
    private void DeliverPrivate(ChannelMessage message)
    {
        var parts = message.Message.ToString().Split('\u001f', 2);
        if (parts.Length == 2 && _byToken.TryGetValue(parts[0], out var target))
        {
            if (target.Session.Offer(FrameEncoder.Encode(parts[1])))
            {
                target.Session.Wake();

                // Its senders on other servers wait while it is behind, as they would here.
                if (target.Session.HoldsBackSenders)
                {
                    _network.MarkPrivateHeld(parts[0]);
                }
            }
            else
            {
                target.Session.Close(CloseReason.SlowReader);
            }
        }
    }
}
