using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>Room notices, finding a member, and orders carried to its server, as Redis does them.</summary>
internal sealed partial class FakeSharedChat
{
    public void Notice(string token, string room, string notice)
    {
        lock (_state.Lock)
        {
            Guarded();
            if (!_state.RoomsOf(token).Contains(room))
            {
                throw FakeSharedState.Gone();
            }

            _state.Emit(room, RoomEvent.Notice, token, notice);
        }
    }

    public string? Find(string nick, string? room, string name)
    {
        lock (_state.Lock)
        {
            if (_state.NickOwners.TryGetValue(nick, out var token))
            {
                return token;
            }

            return room is null ? null : _state.Room(room).Who.FirstOrDefault(member => _state.Names.GetValueOrDefault(member, member).Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void SendOrder(string token, MemberOrder order)
    {
        FakeSharedChat? to;
        lock (_state.Lock)
        {
            to = _state.Servers.FirstOrDefault(other => other.ServerId == token.Split('/')[0]);
        }

        to?._private?.Invoke(new PrivateLine(token, 0, 0, "", order));
    }
}
