using System.Globalization;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Accounts (SPEC §10). Passwords are hashed on the client's own receive thread, never under its
/// lock or any other (<see cref="PasswordHasher"/>); only what follows a check is done under the
/// member's lock. No password is ever logged, echoed or broadcast.
/// </summary>
internal sealed partial class ChatRouter
{
    private void Register(ChatMember member, string password, WakeBatch batch)
    {
        if (!member.HasNickname)
        {
            Reply(member, ServerNotices.Error("pick a nickname first (/nick NAME), then /register PASSWORD: the account takes your nickname"), batch);
            return;
        }

        if (member.Account is { } account)
        {
            Reply(member, ServerNotices.Error($"you are logged in as {account} already"), batch);
            return;
        }

        if (PasswordHash.Problem(password) is { } problem)
        {
            Reply(member, ServerNotices.Error(problem), batch);
            return;
        }

        var name = member.Name;
        Answered(member, batch, "so you are not registered", () =>
        {
            var hash = _identity.Hasher.Hash(password);
            if (!_identity.Store.AddAccount(Names.Fold(name), hash.Encode()))
            {
                Reply(member, ServerNotices.Error($"{name} is registered already"), batch);
                return;
            }

            Locked(member, () => member.Account = name);
            _identity.Log.Information("Client {Client} registered the account {Account}", member.Session.Label, name);
            Reply(member, $"* registered {name}: only you can use this name now; next time, /login {name} PASSWORD", batch);
        });
    }

    /// <summary>
    /// Logs the member in, if the password is the account's, and gives it the account's name: taken
    /// over from whoever has it (an older connection of the account, even on a server that died
    /// and has not expired yet), which is told and falls back to its guest name. A member not in
    /// a room yet (its first line was this login) claims the name before it arrives.
    /// </summary>
    private void Login(ChatMember member, string typed, string password, WakeBatch batch)
    {
        var name = Names.Normal(typed);
        if (Names.Problem(name) is not null)
        {
            Reply(member, ServerNotices.Error("wrong account name or password"), batch);
            return;
        }

        if (!MayTry(member, name, batch))
        {
            return;
        }

        Answered(member, batch, "so you are not logged in", () =>
        {
            if (!Checked(member, name, password, "wrong account name or password", batch))
            {
                return;
            }

            var hasName = member.HasNickname && Names.Fold(member.Name) == Names.Fold(name);
            if (!hasName)
            {
                store.Order(name, null, new MemberOrder.TakeOver(name));
            }

            Locked(member, () =>
            {
                member.Account = name;
                if (hasName)
                {
                    return;
                }

                if (member.Room is null)
                {
                    store.Claim(member, name, takeOver: true);
                }
                else
                {
                    store.Rename(member, name, ServerNotices.Renamed(member.Name, name), batch, takeOver: true);
                }
            });
            _identity.Log.Information("Client {Client} logged in as {Account}", member.Session.Label, name);
            Reply(member, $"* logged in as {name}", batch);
        });
    }

    private void Logout(ChatMember member, WakeBatch batch)
    {
        if (member.Account is null)
        {
            Reply(member, ServerNotices.Error("you are not logged in"), batch);
            return;
        }

        Answered(member, batch, "so you are still logged in", () =>
        {
            Locked(member, () =>
            {
                Unname(member, batch);
                member.Account = null;
            });
            Reply(member, $"* logged out; you are {member.Name} now", batch);
        });
    }

    private void ChangePassword(ChatMember member, string old, string changed, WakeBatch batch)
    {
        if (member.Account is not { } account)
        {
            Reply(member, ServerNotices.Error("log in first: /login NAME PASSWORD"), batch);
            return;
        }

        if (PasswordHash.Problem(changed) is { } problem)
        {
            Reply(member, ServerNotices.Error(problem), batch);
            return;
        }

        WithPassword(member, account, old, "so your password was not changed", batch, () =>
        {
            _identity.Store.SetPassword(Names.Fold(account), _identity.Hasher.Hash(changed).Encode());
            Reply(member, "* password changed", batch);
        });
    }

    private void Unregister(ChatMember member, string password, WakeBatch batch)
    {
        if (member.Account is not { } account)
        {
            Reply(member, ServerNotices.Error("log in first: /login NAME PASSWORD"), batch);
            return;
        }

        WithPassword(member, account, password, "so your account was not deleted", batch, () =>
        {
            _identity.Store.RemoveAccount(Names.Fold(account));
            _identity.Log.Information("Client {Client} deleted the account {Account}", member.Session.Label, account);
            Locked(member, () => member.Account = null);
            Reply(member, $"* the account {account} is deleted, and the rooms it owned are no longer registered; anyone may take the name now", batch);
        });
    }

    // A change that needs the account's current password: throttled and checked like a login.
    private void WithPassword(ChatMember member, string account, string password, string unreachable, WakeBatch batch, Action change)
    {
        if (MayTry(member, account, batch))
        {
            Answered(member, batch, unreachable, () =>
            {
                if (Checked(member, account, password, "wrong password", batch))
                {
                    change();
                }
            });
        }
    }

    /// <summary>
    /// Whether the member may take the nickname: a valid name, and, if registered, its account's
    /// (only a member logged in as it may). If not, the member is told why.
    /// </summary>
    private bool MayTake(ChatMember member, string name, string unreachable, WakeBatch batch)
    {
        if (Names.Problem(name) is { } problem)
        {
            Reply(member, ServerNotices.Error($"nickname {problem}"), batch);
            return false;
        }

        var own = member.Account is { } account && Names.Fold(account) == Names.Fold(name);
        var registered = false;
        if (!own && !Answered(member, batch, unreachable, () =>
            {
                registered = _identity.Store.PasswordOf(Names.Fold(name)) is not null;
                return true;
            }))
        {
            return false;
        }

        if (registered)
        {
            Reply(member, ServerNotices.Error($"{name} is registered; /login {name} PASSWORD"), batch);
        }

        return !registered;
    }

    private bool MayTry(ChatMember member, string account, WakeBatch batch)
    {
        var wait = _identity.Throttle.WaitFor(account, member.Address);
        if (wait > TimeSpan.Zero)
        {
            Reply(member, ServerNotices.Error($"too many failed logins: try again in {Seconds(wait)} s"), batch);
            return false;
        }

        return true;
    }

    // The slow check, outside every lock; a failure counts, and says when the next try may come.
    private bool Checked(ChatMember member, string account, string password, string refusal, WakeBatch batch)
    {
        if (_identity.Hasher.Matches(_identity.Store.PasswordOf(Names.Fold(account)), password))
        {
            _identity.Throttle.Succeeded(account, member.Address);
            return true;
        }

        _identity.Throttle.Failed(account, member.Address);
        Hosting.ChatMeter.LoginFailed();
        _identity.Log.Warning("Client {Client} gave a wrong password for {Account}", member.Session.Label, account);
        var wait = _identity.Throttle.WaitFor(account, member.Address);
        Reply(member, ServerNotices.Error(wait > TimeSpan.Zero ? $"{refusal}; too many failures: the next try in {Seconds(wait)} s" : refusal), batch);
        return false;
    }

    private void Unname(ChatMember member, WakeBatch batch)
    {
        if (member.HasNickname)
        {
            store.Unname(member, ServerNotices.Renamed(member.Name, member.GuestName), batch);
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
