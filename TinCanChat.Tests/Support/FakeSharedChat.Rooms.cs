using TinCanChat.Server.Chat;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>Several rooms of one member (<c>/cap rooms</c>), and leaving them all, as Redis does them.</summary>
internal sealed partial class FakeSharedChat
{
    public RoomEntry Join(string token, string room, string display, string joinedNotice, int history, string address, long? resumeAfter)
    {
        lock (_state.Lock)
        {
            Guarded();
            var old = _state.RoomOf.GetValueOrDefault(token) ?? throw FakeSharedState.Gone();
            _state.Also.TryAdd(token, []);
            _state.Also[token].Add(old);
            return _state.Enter(token, room, display, joinedNotice, history, resumeAfter);
        }
    }

    public void Part(string token, string room, string leftNotice)
    {
        lock (_state.Lock)
        {
            Guarded();
            var others = _state.Also.GetValueOrDefault(token) ?? [];
            if (_state.RoomOf.GetValueOrDefault(token) == room && others.FirstOrDefault() is { } other)
            {
                others.Remove(other);
                _state.RoomOf[token] = other;
            }
            else if (!others.Remove(room))
            {
                throw FakeSharedState.Gone();
            }

            _state.Room(room).Who.Remove(token);
            _state.Emit(room, RoomEvent.Left, token, leftNotice);
        }
    }

    public void LeaveLater(string token, string notice, string elsewhere)
    {
        lock (_state.Lock)
        {
            Guarded();
            var rooms = _state.RoomsOf(token);
            if (rooms.Count == 0)
            {
                return;
            }

            _state.Depart(token);
            _state.Also.Remove(token);
            rooms.Skip(1).ToList().ForEach(other => _state.Room(other).Who.Remove(token));
            var name = _state.Names.GetValueOrDefault(token, token);
            _state.Names.Remove(token);
            if (_state.Nicks.Remove(token, out var nick))
            {
                _state.NickOwners.Remove(nick);
            }

            var quiet = _state.RoomOf.Count >= ChatRouter.AnnounceLimit || notice.Length == 0;
            for (var i = 0; i < rooms.Count; i++)
            {
                var said = i > 0 && elsewhere.Length > 0 ? elsewhere : notice;
                _state.Emit(rooms[i], RoomEvent.Left, token, quiet ? "" : NoticeSlots.Fill(said, name, _state.RoomOf.Count, rooms[i]));
            }
        }
    }
}
