using System.Collections.Concurrent;
using Serilog;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// Delivers one room's lines, as numbered by the shared sequencer, to the room's members on this
/// server: one thread per room that has members here. Lines come as they are published (into this
/// feed's queue) and, when a number is missing or the connection was lost, from the room's log; <see cref="SequenceOrder"/> hands
/// each out once and in order. A member of this server enters at its own entry's number, after
/// the history that entry came with, so it sees no gap and no duplicate. While a reader here is
/// behind, delivery waits (the room's flow control) and the room is marked held in Redis, which
/// holds back senders on every server. See ARCHITECTURE.md, "Several servers".
/// </summary>
internal sealed partial class RoomFeed : IDisposable
{
    private static readonly TimeSpan MarkHeldEvery = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan IdleCatchUpAfter = TimeSpan.FromSeconds(2);

    private readonly ISharedChat _shared;
    private readonly Room _room;
    private readonly string _key;
    private readonly ILogger _log;
    private readonly BlockingCollection<FeedInput> _inbox = [];
    private readonly ManualResetEventSlim _subscribed = new();
    private readonly ManualResetEventSlim _stopping = new();
    private readonly ConcurrentDictionary<string, PendingJoin> _pending = new();
    private readonly SequenceOrder _order = new();
    private readonly WakeBatch _batch = new();
    private readonly Thread _thread;
    private IDisposable? _subscription;
    private string? _epoch;
    private long _heldMarkedAt;
    private bool _held;

    private readonly Func<string, IClientSession?> _localMember;

    /// <param name="localMember">The session of a member of this server by token, if it is one.</param>
    /// <param name="startThread">Starts the feed's thread.</param>
    /// <exception cref="OutOfMemoryException">No thread could be had (also <see cref="ThreadStartException"/>); nothing of the feed stays.</exception>
    public RoomFeed(ISharedChat shared, Room room, Func<string, IClientSession?> localMember, ILogger log, Action<Thread> startThread)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(room);
        _localMember = localMember;
        _shared = shared;
        _room = room;
        _key = room.StoreKey;
        _log = log;
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = $"feed #{room.Name}" };
        _shared.Restored += CatchUpSoon;
        try
        {
            startThread(_thread);
        }
        catch
        {
            _shared.Restored -= CatchUpSoon;
            throw;
        }
    }

    /// <summary>Waits until the feed hears the room's channel, so that no entry numbered after this is missed.</summary>
    public bool WaitSubscribed(TimeSpan timeout) => _subscribed.Wait(timeout);

    /// <summary>A member of this server is about to be numbered into the room.</summary>
    public void Expect(PendingJoin join)
    {
        ArgumentNullException.ThrowIfNull(join);
        _pending[join.Member.Token] = join;
    }

    /// <summary>Its entry was numbered; the feed starts at the first such entry once none is in flight.</summary>
    public void Numbered(PendingJoin join, RoomEntry entry)
    {
        ArgumentNullException.ThrowIfNull(join);
        join.Numbered(entry);
        Post(new FeedInput.Settled());
    }

    /// <summary>Its entry could not be numbered.</summary>
    public void Failed(PendingJoin join)
    {
        ArgumentNullException.ThrowIfNull(join);
        _pending.TryRemove(new KeyValuePair<string, PendingJoin>(join.Member.Token, join));
        join.Failed();
        Post(new FeedInput.Settled());
    }

    public void Dispose()
    {
        _shared.Restored -= CatchUpSoon;
        _stopping.Set();
        _inbox.CompleteAdding();
        Unsubscribe();
    }

    private void CatchUpSoon() => Post(new FeedInput.CatchUp());

    private void Post(FeedInput input)
    {
        try
        {
            _inbox.Add(input);
        }
        catch (InvalidOperationException)
        {
            // Stopped: the room has no members here any more.
        }
    }

    private void Run()
    {
        if (!Subscribe())
        {
            return;
        }

        while (true)
        {
            // Quiet for a while: look in the log for anything the channel did not bring. A
            // subscription lost without a sign (or a line published in a gap of one) then costs
            // a moment, not a room that stays deaf with members waiting to enter it.
            if (!_inbox.TryTake(out var input, IdleCatchUpAfter))
            {
                if (_inbox.IsCompleted)
                {
                    return;
                }

                if (!_shared.IsConnected)
                {
                    continue;
                }

                input = new FeedInput.CatchUp();
            }

            try
            {
                Handle(input);
            }
            catch (StoreUnavailableException ex)
            {
                _log.Warning("Room #{Room} could not read its log ({Problem}); it tries again when the chat network is back", _room.Name, ex.Message);
            }

            if (_inbox.Count == 0)
            {
                _batch.Complete();
            }
        }
    }

    private bool Subscribe()
    {
        while (!_stopping.IsSet)
        {
            try
            {
                _subscription = _shared.Listen(_key, line => Post(new FeedInput.Line(line)));
                _subscribed.Set();
                if (_stopping.IsSet)
                {
                    // Disposed while subscribing: Dispose may have missed this queue.
                    Unsubscribe();
                    return false;
                }

                return true;
            }
            catch (StoreUnavailableException ex)
            {
                _log.Warning("Room #{Room} cannot subscribe yet ({Problem})", _room.Name, ex.Message);
                _stopping.Wait(TimeSpan.FromSeconds(1));
            }
        }

        return false;
    }

    private void Unsubscribe()
    {
        _subscription?.Dispose();
    }

    private abstract record FeedInput
    {
        public sealed record Line(RoomEvent Event) : FeedInput;

        /// <summary>An entry of a member of this server was numbered, or failed.</summary>
        public sealed record Settled : FeedInput;

        public sealed record CatchUp : FeedInput;
    }
}
