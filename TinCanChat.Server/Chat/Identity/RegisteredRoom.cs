namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// A registered room's settings (SPEC §10), as read from the identity store. Accounts are kept
/// folded (<see cref="Names.Fold"/>). Bans and invites are keyed by who they are for
/// (<see cref="Listed"/>: <c>account:alice</c>, or a guest's <c>address:192.0.2.7</c>), each with
/// the label it was given under (what <c>/unban</c> may name).
/// </summary>
internal sealed record RegisteredRoom(
    string Owner,
    string? Topic,
    bool IsPrivate,
    string? Key,
    IReadOnlySet<string> Operators,
    IReadOnlyDictionary<string, string> Bans,
    IReadOnlyDictionary<string, string> Invites)
{
    public bool IsOwner(string? account) => account is not null && Names.Fold(account) == Owner;

    /// <summary>The owner or one of its operators.</summary>
    public bool IsOperator(string? account) => account is not null && (IsOwner(account) || Operators.Contains(Names.Fold(account)));

    /// <summary>Why this member may not enter (the end of "* error: …"), or null when it may.</summary>
    public string? Refusal(string room, string? account, string name, string address, string? key)
    {
        // The owner and operators are let in even from a banned guest's address.
        if (IsOperator(account))
        {
            return null;
        }

        var keys = Listed.Of(account, name, address);
        if (keys.Any(Bans.ContainsKey))
        {
            return $"you are banned from #{room}";
        }

        if (keys.Any(Invites.ContainsKey))
        {
            return null;
        }

        if (IsPrivate)
        {
            return $"#{room} is private (invite only): ask one of its operators to /invite you";
        }

        return Key is not null && key != Key
            ? key is null ? $"#{room} needs a key: /join #{room} KEY" : $"wrong key for #{room}"
            : null;
    }
}

/// <summary>
/// The keys bans and invites are kept under: an account; a guest's address (a ban: everyone
/// from there); a guest's name at its address (an invitation: that one, not everyone behind the
/// same router).
/// </summary>
internal static class Listed
{
    public static string Account(string account) => "account:" + Names.Fold(account);

    public static string Address(string address) => "address:" + address;

    public static string Guest(string name, string address) => $"guest:{Names.Fold(name)}@{address}";

    /// <summary>A member's keys: its account's if logged in, its address's, and its own as a guest.</summary>
    public static IReadOnlyList<string> Of(string? account, string name, string address) =>
        account is null ? [Address(address), Guest(name, address)] : [Account(account), Address(address)];

    /// <summary>The key a ban of this member is kept under: its account, or, for a guest, its address.</summary>
    public static string Banned(string? account, string address) => account is null ? Address(address) : Account(account);

    /// <summary>The key an invitation of this member is kept under: its account, or, for a guest, its name at its address.</summary>
    public static string Invited(string? account, string name, string address) => account is null ? Guest(name, address) : Account(account);
}
