using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>Names, who is where, private lines and held marks, as Redis keeps them.</summary>
internal sealed partial class FakeSharedChat
{
    public bool Claim(string nick, string token, bool takeOver = false)
    {
        lock (_state.Lock)
        {
            if (takeOver)
            {
                _state.NickOwners[nick] = token;
            }

            return _state.NickOwners.TryAdd(nick, token) || takeOver;
        }
    }

    public void Release(string nick, string token)
    {
        lock (_state.Lock)
        {
            if (_state.NickOwners.GetValueOrDefault(nick) == token)
            {
                _state.NickOwners.Remove(nick);
            }
        }
    }

    public void Rename(string token, string name, string nick, string notice)
    {
        lock (_state.Lock)
        {
            Guarded();
            var rooms = _state.RoomsOf(token);
            if (rooms.Count == 0)
            {
                throw FakeSharedState.Gone();
            }

            if (_state.Nicks.TryGetValue(token, out var old) && old != nick && _state.NickOwners.GetValueOrDefault(old) == token)
            {
                _state.NickOwners.Remove(old);
            }

            _state.Names[token] = name;
            _state.Nicks[token] = nick;
            rooms.ToList().ForEach(room => _state.Emit(room, RoomEvent.Notice, token, notice));
        }
    }

    public IReadOnlyList<string> Who(string room)
    {
        lock (_state.Lock)
        {
            return [.. _state.Room(room).Who.Select(token => _state.Names.GetValueOrDefault(token, token))];
        }
    }

    public IReadOnlyList<(string Name, int Members)> Rooms()
    {
        lock (_state.Lock)
        {
            return [.. _state.Rooms.Values.Where(room => room.Who.Count > 0).Select(room => (room.Display, room.Who.Count))];
        }
    }

    public Whispered? Whisper(string nick, string line)
    {
        FakeSharedChat? to;
        string token, name;
        long id;
        lock (_state.Lock)
        {
            if (!_state.NickOwners.TryGetValue(nick, out var owner))
            {
                return null;
            }

            token = owner;
            name = _state.Names.GetValueOrDefault(token, nick);
            var server = token.Split('/')[0];
            if (server != ServerId && _state.PrivateHeldUntil.GetValueOrDefault(token) > Environment.TickCount64)
            {
                return new Whispered(token, name, WhisperStatus.Held);
            }

            id = ++_state.PrivateId;
            if (server == ServerId)
            {
                return new Whispered(token, name, WhisperStatus.Here, id, 1);
            }

            to = _state.Servers.FirstOrDefault(other => other.ServerId == server);
        }

        to?._private?.Invoke(new PrivateLine(token, id, 1, NoticeSlots.Fill(line, name, 0)));
        return new Whispered(token, name, WhisperStatus.Sent, id, 1);
    }

    public void MarkHeld(string room)
    {
        lock (_state.Lock)
        {
            _state.Room(room).HeldUntil = Environment.TickCount64 + 1000;
        }
    }

    public void ClearHeld(string room)
    {
        lock (_state.Lock)
        {
            _state.Room(room).HeldUntil = 0;
        }
    }

    public void MarkPrivateHeld(string token)
    {
        lock (_state.Lock)
        {
            _state.PrivateHeldUntil[token] = Environment.TickCount64 + 500;
        }
    }
}
