using TinCanChat.Server.Chat.Identity;

namespace TinCanChat.Server.Store.Identity;

/// <summary>Accounts and registered rooms of a server run with <c>--data none</c>: gone when it stops. One lock, a leaf.</summary>
internal sealed class MemoryIdentityStore : IIdentityStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _accounts = [];
    private readonly Dictionary<string, RoomState> _rooms = [];

    public string? PasswordOf(string account)
    {
        lock (_lock)
        {
            return _accounts.GetValueOrDefault(account);
        }
    }

    public bool AddAccount(string account, string passwordHash)
    {
        lock (_lock)
        {
            return _accounts.TryAdd(account, passwordHash);
        }
    }

    public void SetPassword(string account, string passwordHash)
    {
        lock (_lock)
        {
            if (_accounts.ContainsKey(account))
            {
                _accounts[account] = passwordHash;
            }
        }
    }

    public void RemoveAccount(string account)
    {
        lock (_lock)
        {
            _accounts.Remove(account);
            foreach (var owned in _rooms.Where(room => room.Value.Owner == account).Select(room => room.Key).ToList())
            {
                _rooms.Remove(owned);
            }
        }
    }

    public RegisteredRoom? Room(string room)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(room, out var state)
                ? new RegisteredRoom(state.Owner, state.Topic, state.IsPrivate, state.Key, new HashSet<string>(state.Lists[RoomList.Operators].Keys), new Dictionary<string, string>(state.Lists[RoomList.Bans]), new Dictionary<string, string>(state.Lists[RoomList.Invites]))
                : null;
        }
    }

    public bool RegisterRoom(string room, string owner)
    {
        lock (_lock)
        {
            return _rooms.TryAdd(room, new RoomState(owner));
        }
    }

    public void SetRoom(string room, RoomSetting setting, string? value)
    {
        lock (_lock)
        {
            if (!_rooms.TryGetValue(room, out var state))
            {
                return;
            }

            switch (setting)
            {
                case RoomSetting.Topic:
                    state.Topic = value;
                    break;
                case RoomSetting.Private:
                    state.IsPrivate = value is not null;
                    break;
                case RoomSetting.Key:
                    state.Key = value;
                    break;
            }
        }
    }

    public void SetListed(string room, RoomList list, string who, string? label)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(room, out var state))
            {
                if (label is null)
                {
                    state.Lists[list].Remove(who);
                }
                else
                {
                    state.Lists[list][who] = label;
                }
            }
        }
    }

    public void ClearList(string room, RoomList list)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(room, out var state))
            {
                state.Lists[list].Clear();
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class RoomState(string owner)
    {
        public string Owner { get; } = owner;

        public string? Topic { get; set; }

        public bool IsPrivate { get; set; }

        public string? Key { get; set; }

        public Dictionary<RoomList, Dictionary<string, string>> Lists { get; } = Enum.GetValues<RoomList>().ToDictionary(list => list, _ => new Dictionary<string, string>());
    }
}
