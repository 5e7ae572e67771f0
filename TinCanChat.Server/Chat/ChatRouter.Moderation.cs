using TinCanChat.Server.Chat.Commands;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Registered rooms and their moderation (SPEC §10): settings in the identity store, read and
/// written outside every lock; what is done to another member travels as a
/// <see cref="MemberOrder"/> to the server it is on and is done there under its lock.
/// </summary>
internal sealed partial class ChatRouter
{
    private void RoomSettings(ChatMember member, Room room, string action, string? value, WakeBatch batch)
    {
        var key = room.StoreKey;
        var registered = _identity.Store.Room(key);
        switch (action)
        {
            case "info":
                Reply(member, registered is null ? $"* #{room.Name} is not registered: /room register (logged in) to own it" : Info(room.Name, registered), batch);
                return;
            case "register" when member.Account is null:
                Reply(member, ServerNotices.Error("log in first (/login NAME PASSWORD, or /register PASSWORD): a room is owned by an account"), batch);
                return;
            case "register" when key == RoomDirectory.Lobby:
                Reply(member, ServerNotices.Error($"#{RoomDirectory.Lobby} is everyone's: it cannot be registered"), batch);
                return;
            case "register":
                Reply(
                    member,
                    _identity.Store.RegisterRoom(key, Names.Fold(member.Account))
                        ? $"* #{room.Name} is registered to {member.Account}: its settings and history are kept when everyone has left"
                        : ServerNotices.Error($"#{room.Name} is registered already (owner: {_identity.Store.Room(key)?.Owner})"),
                    batch);
                return;
        }

        if (!IsOperator(member, room, registered, batch))
        {
            return;
        }

        if (action == "private")
        {
            _identity.Store.SetRoom(key, RoomSetting.Private, value == "on" ? "on" : null);
            if (value == "on")
            {
                // Invite only: only members invited from now on.
                _identity.Store.ClearList(key, RoomList.Invites);
            }

            Notice(member, room, value == "on" ? $"* {member.Name} made #{room.Name} private: invited members, operators and the owner only" : $"* {member.Name} made #{room.Name} open to everyone", batch);
            return;
        }

        var off = string.Equals(value, "off", StringComparison.OrdinalIgnoreCase);
        _identity.Store.SetRoom(key, RoomSetting.Key, off ? null : value);
        Notice(member, room, off ? $"* {member.Name} removed the key of #{room.Name}" : $"* {member.Name} set a key on #{room.Name}: /join #{room.Name} KEY", batch);
    }

    private void Topic(ChatMember member, Room room, string? text, WakeBatch batch)
    {
        var key = room.StoreKey;
        var registered = _identity.Store.Room(key);
        if (text is null)
        {
            Reply(member, registered?.Topic is { } topic ? ServerNotices.Topic(room.Name, topic) : $"* #{room.Name} has no topic", batch);
        }
        else if (IsOperator(member, room, registered, batch))
        {
            _identity.Store.SetRoom(key, RoomSetting.Topic, text);
            Notice(member, room, $"* {member.Name} set the topic of #{room.Name}: {text}", batch);
        }
    }

    private void Moderate(ChatMember member, Room room, Moderation what, string typed, string? reason, WakeBatch batch)
    {
        var key = room.StoreKey;
        var registered = _identity.Store.Room(key);
        if (!IsOperator(member, room, registered, batch))
        {
            return;
        }

        var name = Names.Normal(typed);
        var by = member.Name;
        if (Names.Fold(name) == Names.Fold(member.Name) && what is not (Moderation.Unban or Moderation.Op or Moderation.Deop))
        {
            Reply(member, ServerNotices.Error($"you cannot {what.ToString().ToLowerInvariant()} yourself"), batch);
            return;
        }

        if (registered!.IsOwner(name) && what is Moderation.Kick or Moderation.Ban or Moderation.Deop)
        {
            Reply(member, ServerNotices.Error($"{name} owns #{room.Name}: no one can {what.ToString().ToLowerInvariant()} its owner"), batch);
            return;
        }

        switch (what)
        {
            case Moderation.Op or Moderation.Deop when _identity.Store.PasswordOf(Names.Fold(name)) is null:
                Reply(member, ServerNotices.Error($"{name} has no account: only accounts can be operators"), batch);
                break;
            case Moderation.Op or Moderation.Deop:
                _identity.Store.SetListed(key, RoomList.Operators, Names.Fold(name), what == Moderation.Op ? name : null);
                Notice(member, room, what == Moderation.Op ? $"* {by} made {name} an operator of #{room.Name}" : $"* {by} made {name} no longer an operator of #{room.Name}", batch);
                break;
            case Moderation.Unban:
                var unbanned = registered.Bans.Where(ban => ban.Key == Listed.Account(name) || Names.Fold(ban.Value) == Names.Fold(name)).ToList();
                unbanned.ForEach(ban => _identity.Store.SetListed(key, RoomList.Bans, ban.Key, null));
                Reply(member, unbanned.Count > 0 ? $"* {name} is no longer banned from #{room.Name}" : ServerNotices.Error($"{name} is not banned from #{room.Name}"), batch);
                break;
            case Moderation.Kick:
                Ordered(member, name, room.Name, new MemberOrder.Kick(room.Name, by, reason), $"no one called {name} in #{room.Name}", batch);
                break;
            case Moderation.Invite:
                Ordered(member, name, null, new MemberOrder.Invite(room.Name, by), $"no one called {name} is online (a guest elsewhere needs a /nick to be invited)", batch);
                break;
            case Moderation.Ban when !store.Order(name, room.Name, new MemberOrder.Ban(room.Name, by)):
                // Not here: an account can be banned all the same.
                if (_identity.Store.PasswordOf(Names.Fold(name)) is null)
                {
                    Reply(member, ServerNotices.Error($"no one called {name} in #{room.Name}, and no account {name}"), batch);
                    break;
                }

                _identity.Store.SetListed(key, RoomList.Bans, Listed.Account(name), name);
                _identity.Store.SetListed(key, RoomList.Invites, Listed.Account(name), null);
                Notice(member, room, $"* {by} banned {name} from #{room.Name}", batch);
                break;
        }
    }

    private void Ordered(ChatMember member, string name, string? room, MemberOrder order, string missing, WakeBatch batch)
    {
        if (!store.Order(name, room, order))
        {
            Reply(member, ServerNotices.Error(missing), batch);
        }
    }

    // Done under the target's lock, on whichever thread got it (see FinishPending).
    private void Carry(ChatMember member, MemberOrder order, WakeBatch batch)
    {
        try
        {
            switch (order)
            {
                case MemberOrder.TakeOver takeOver when member.Account is null || Names.Fold(member.Account) == Names.Fold(takeOver.Account):
                    Unname(member, batch);
                    member.Account = null;
                    Reply(member, $"* {takeOver.Account} logged in from another connection, which has the name now; here you are {member.Name}, logged out", batch);
                    break;
                case MemberOrder.Invite invite:
                    _identity.Store.SetListed(Names.Fold(invite.Room), RoomList.Invites, Listed.Invited(member.Account, member.Name, member.Address), member.Name);
                    Reply(member, $"* {invite.By} invited you to #{invite.Room}: /join #{invite.Room}", batch);
                    break;
                case MemberOrder.Ban ban:
                    _identity.Store.SetListed(Names.Fold(ban.Room), RoomList.Bans, Listed.Banned(member.Account, member.Address), member.Account ?? member.Name);
                    Kick(member, ban.Room, $"* {ban.By} banned {member.Name} from #{ban.Room}", $"* you were banned from #{ban.Room} by {ban.By}", batch);
                    break;
                case MemberOrder.Kick kick:
                    var why = kick.Reason is null ? string.Empty : $": {kick.Reason}";
                    Kick(member, kick.Room, $"* {kick.By} kicked {member.Name} from #{kick.Room}{why}", $"* you were kicked from #{kick.Room} by {kick.By}{why}", batch);
                    break;
            }
        }
        catch (StoreUnavailableException)
        {
            // The one who ordered it can try again; nothing half done is left here.
        }
    }

    private void Kick(ChatMember member, string roomName, string notice, string told, WakeBatch batch)
    {
        _identity.Store.SetListed(Names.Fold(roomName), RoomList.Invites, Listed.Invited(member.Account, member.Name, member.Address), null);
        if (member.RoomNamed(roomName) is not { } room)
        {
            return;
        }

        Reply(member, told, batch);
        if (member.OtherRooms.Count > 0)
        {
            // In several rooms: out of this one only.
            store.Part(member, room, notice, batch);
        }
        else
        {
            store.Move(member, room, RoomDirectory.Lobby, notice, ServerNotices.JoinedRoom(member.Name, RoomDirectory.Lobby), null, batch);
        }
    }

    private static bool IsOperator(ChatMember member, Room room, RegisteredRoom? registered, WakeBatch batch)
    {
        if (registered is null)
        {
            Reply(member, ServerNotices.Error($"#{room.Name} is not registered: its owner (/room register, logged in) and operators moderate it"), batch);
            return false;
        }

        if (!registered.IsOperator(member.Account))
        {
            Reply(member, ServerNotices.Error($"only the owner and operators of #{room.Name} can do that"), batch);
            return false;
        }

        return true;
    }

    private void Notice(ChatMember member, Room room, string notice, WakeBatch batch) => Locked(member, () => store.Notice(member, room, notice, batch));

    private static string Info(string room, RegisteredRoom registered)
    {
        var modes = new List<string>();
        if (registered.IsPrivate)
        {
            modes.Add("private (invite only)");
        }

        if (registered.Key is not null)
        {
            modes.Add("needs a key");
        }

        return $"* #{room}: owner {registered.Owner}; operators: {(registered.Operators.Count == 0 ? "none" : string.Join(", ", registered.Operators.Order(StringComparer.Ordinal)))}; "
            + $"topic: {registered.Topic ?? "none"}; {(modes.Count == 0 ? "open to everyone" : string.Join(", ", modes))}";
    }
}
