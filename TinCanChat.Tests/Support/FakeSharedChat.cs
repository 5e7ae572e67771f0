using TinCanChat.Server.Chat;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>
/// One server's view of a <see cref="FakeSharedState"/>: the <see cref="ISharedChat"/> a
/// <see cref="SharedChatStore"/> runs on in a test, answering at once. Like Redis, every change
/// first checks the epoch: another one (the state restarted) makes this server put its members
/// back first.
/// </summary>
internal sealed partial class FakeSharedChat : ISharedChat
{
    private readonly FakeSharedState _state;
    private readonly Dictionary<string, List<Action<RoomEvent>>> _listeners = [];
    private Action<PrivateLine>? _private;
    private Func<IReadOnlyList<SharedMember>> _localMembers = () => [];
    private string _epoch;
    private long _lastToken;

    public FakeSharedChat(FakeSharedState state, string serverId)
    {
        _state = state;
        ServerId = serverId;
        _epoch = state.Epoch;
        lock (state.Lock)
        {
            state.Servers.Add(this);
        }
    }

    public string ServerId { get; }

    public bool IsConnected => true;

    public event Action? Restored;

    public string NewToken() => $"{ServerId}/{Interlocked.Increment(ref _lastToken)}";

    public void Start(Func<IReadOnlyList<SharedMember>> localMembers) => _localMembers = localMembers;

    public string? CurrentEpoch()
    {
        lock (_state.Lock)
        {
            return _state.Epoch;
        }
    }

    public bool AdoptIfCurrent(string epoch)
    {
        lock (_state.Lock)
        {
            if (epoch != _state.Epoch)
            {
                return false;
            }

            Guarded();
            return true;
        }
    }

    public RoomEntry Arrive(string token, string room, string display, string name, string notice, int history, string nick = "")
    {
        lock (_state.Lock)
        {
            Guarded();
            _state.Names[token] = name;
            if (nick.Length > 0)
            {
                _state.Nicks[token] = nick;
            }

            _state.RoomOf[token] = room;
            return _state.Enter(token, room, display, FakeSharedState.OverLimit(_state.Fill(notice, name), _state.RoomOf.Count), history);
        }
    }

    public RoomEntry Move(string token, string room, string display, string leftNotice, string joinedNotice, int history, string address, long? resumeAfter)
    {
        lock (_state.Lock)
        {
            Guarded();
            var old = _state.Depart(token) ?? throw FakeSharedState.Gone();
            _state.Emit(old, RoomEvent.Left, token, leftNotice);
            return _state.Enter(token, room, display, joinedNotice, history, resumeAfter);
        }
    }

    public IReadOnlyList<KeptLine> Before(string room, long id, int count)
    {
        lock (_state.Lock)
        {
            return [.. _state.Room(room).Kept.Where(line => line.Id < id).TakeLast(count)];
        }
    }

    public (IReadOnlyList<KeptLine> Lines, long Gone) After(string room, long id)
    {
        lock (_state.Lock)
        {
            return _state.After(room, id);
        }
    }

    public bool Say(string room, IReadOnlyList<string> lines)
    {
        lock (_state.Lock)
        {
            Guarded();
            if (_state.Room(room).HeldUntil > Environment.TickCount64)
            {
                return false;
            }

            foreach (var line in lines)
            {
                _state.Emit(room, RoomEvent.Chat, "", line);
            }

            return true;
        }
    }

    public IReadOnlyList<RoomEvent> Log(string room, long from, long? to)
    {
        lock (_state.Lock)
        {
            return [.. _state.Room(room).Log.Where(line => line.Seq >= from && (to is null || line.Seq <= to))];
        }
    }

    public IDisposable Listen(string room, Action<RoomEvent> handle)
    {
        lock (_state.Lock)
        {
            if (!_listeners.TryGetValue(room, out var handlers))
            {
                handlers = [];
                _listeners[room] = handlers;
            }

            handlers.Add(handle);
        }

        return new Unlisten(() =>
        {
            lock (_state.Lock)
            {
                _listeners[room].Remove(handle);
            }
        });
    }

    public IDisposable ListenPrivate(Action<PrivateLine> handle)
    {
        _private = handle;
        return new Unlisten(() => _private = null);
    }

    public void Dispose()
    {
        lock (_state.Lock)
        {
            _state.Servers.Remove(this);
        }
    }

    /// <summary>Whether a feed here hears the room; under the state's lock.</summary>
    public bool Listens(string room) => _listeners.TryGetValue(room, out var handlers) && handlers.Count > 0;

    /// <summary>A line published to a room this server hears.</summary>
    public void Hear(string room, RoomEvent line)
    {
        List<Action<RoomEvent>> handlers;
        lock (_state.Lock)
        {
            handlers = [.. _listeners.GetValueOrDefault(room) ?? []];
        }

        handlers.ForEach(handle => handle(line));
    }

    /// <summary>The connection came back: feeds look for what they missed.</summary>
    public void RaiseRestored() => Restored?.Invoke();

    // Another epoch: the state was emptied; this server puts its members back, as Redis's Sync.
    private void Guarded()
    {
        if (_epoch == _state.Epoch)
        {
            return;
        }

        _epoch = _state.Epoch;
        foreach (var member in _localMembers().Where(member => member.RoomKey.Length > 0))
        {
            _state.Names[member.Token] = member.Name;
            _state.RoomOf[member.Token] = member.RoomKey;
            var room = _state.Room(member.RoomKey);
            room.Display = member.RoomDisplay;
            room.Who.Add(member.Token);
            _state.Also[member.Token] = [.. member.OtherRooms.Select(other => other.Key)];
            foreach (var (key, display) in member.OtherRooms)
            {
                _state.Room(key).Display = display;
                _state.Room(key).Who.Add(member.Token);
            }
            if (member.Nick.Length > 0 && _state.NickOwners.TryAdd(member.Nick, member.Token))
            {
                _state.Nicks[member.Token] = member.Nick;
            }
        }
    }

    private sealed class Unlisten(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
