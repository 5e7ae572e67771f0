using TinCanChat.Server.Chat.Identity;

namespace TinCanChat.Server.Store;

/// <summary>
/// Where accounts and registered rooms live (SPEC §10, §12): the SQLite file of <c>--data</c>
/// standalone, memory with <c>--data none</c>, Redis with <c>--redis</c> (shared by every
/// server). Names are given folded (<see cref="Chat.Names.Fold"/>). Each change is one atomic
/// step; where two may race (an account or a room registered twice at once, on two servers),
/// exactly one wins. Calls may block for a disk write or a Redis round trip: never made under a
/// room's lock. May throw <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IIdentityStore : IDisposable
{
    /// <summary>The account's kept password hash (<see cref="PasswordHash.Encode"/>), or null when there is no such account.</summary>
    string? PasswordOf(string account);

    /// <summary>Creates the account; false, changing nothing, when it exists.</summary>
    bool AddAccount(string account, string passwordHash);

    void SetPassword(string account, string passwordHash);

    /// <summary>Removes the account, and the registration of every room it owns.</summary>
    void RemoveAccount(string account);

    /// <summary>The room's registration, or null when no one owns it.</summary>
    RegisteredRoom? Room(string room);

    /// <summary>Registers the room to the account; false, changing nothing, when it is registered.</summary>
    bool RegisterRoom(string room, string owner);

    /// <summary>Sets one of the room's settings (<paramref name="value"/> null clears it); no effect on a room not registered.</summary>
    void SetRoom(string room, RoomSetting setting, string? value);

    /// <summary>Adds (with its label) or, with <paramref name="label"/> null, removes an entry of one of the room's lists.</summary>
    void SetListed(string room, RoomList list, string who, string? label);

    /// <summary>Empties one of the room's lists.</summary>
    void ClearList(string room, RoomList list);
}

internal enum RoomSetting
{
    Topic,

    /// <summary>Set ("on") or cleared.</summary>
    Private,

    Key,
}

internal enum RoomList
{
    /// <summary>Accounts, each with itself as label.</summary>
    Operators,
    Bans,
    Invites,
}
