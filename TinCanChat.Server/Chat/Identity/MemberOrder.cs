namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// What one member's command does to another (SPEC §10), carried to the server the target is on
/// and done there under the target's lock: that server alone knows its address and its account.
/// </summary>
internal abstract record MemberOrder
{
    /// <summary>A new login of the account takes the name: this older connection falls back to its guest name, logged out.</summary>
    public sealed record TakeOver(string Account) : MemberOrder;

    /// <summary>Out of the room, back to <c>#lobby</c>, and its invitation is gone.</summary>
    public sealed record Kick(string Room, string By, string? Reason) : MemberOrder;

    /// <summary>Banned from the room (its account, or as a guest its address), then kicked.</summary>
    public sealed record Ban(string Room, string By) : MemberOrder;

    /// <summary>Invited into the room (its account, or as a guest its address), and told.</summary>
    public sealed record Invite(string Room, string By) : MemberOrder;
}
