namespace TinCanChat.Server.Chat.Commands;

/// <summary>What one received line asks for (SPEC §6): chat, or a command to the server.</summary>
internal abstract record ChatCommand
{
    /// <summary>Chat text for the room, with the <c>//</c> escape already undone.</summary>
    public sealed record Say(string Text) : ChatCommand;

    public sealed record Nick(string Name) : ChatCommand;

    /// <summary><c>/me ACTION</c>: said in the room as <c>* NAME ACTION</c>, a chat line like any other.</summary>
    public sealed record Me(string Action) : ChatCommand;

    public sealed record Who : ChatCommand;

    public sealed record Msg(string Name, string Text) : ChatCommand;

    public sealed record Join(string Room, string? Key = null) : ChatCommand;

    public sealed record Rooms : ChatCommand;

    /// <summary>With <c>/cap rooms</c>: out of one of the sender's rooms (null: the one in focus).</summary>
    public sealed record Part(string? Room) : ChatCommand;

    /// <summary>With <c>/cap rooms</c>: plain lines go to this room from now on.</summary>
    public sealed record Focus(string Room) : ChatCommand;

    /// <summary>With <c>/cap rooms</c>: a chat line to one of the sender's rooms, whichever is in focus.</summary>
    public sealed record SayIn(string Room, string Text) : ChatCommand;

    /// <summary>The room's <paramref name="Count"/> lines before the oldest the sender has seen.</summary>
    public sealed record History(int Count) : ChatCommand;

    public sealed record Help : ChatCommand;

    /// <summary>Asks for an optional part of the protocol, e.g. <c>ids</c> (SPEC §11).</summary>
    public sealed record Cap(string Name) : ChatCommand;

    /// <summary>Every line of the room after <paramref name="AfterId"/>, then live ones (SPEC §11).</summary>
    public sealed record Resume(string Room, long AfterId) : ChatCommand;

    public sealed record Quit(string? Reason) : ChatCommand;

    /// <summary>Registers the sender's nickname as an account with this password (SPEC §10).</summary>
    public sealed record Register(string Password) : ChatCommand;

    public sealed record Login(string Name, string Password) : ChatCommand;

    public sealed record Logout : ChatCommand;

    public sealed record ChangePassword(string Old, string New) : ChatCommand;

    public sealed record Unregister(string Password) : ChatCommand;

    /// <summary><c>/room register|info|private on|off|key KEY|off</c>: <paramref name="Value"/> is the on/off or the key.</summary>
    public sealed record RoomSettings(string Action, string? Value) : ChatCommand;

    /// <summary><c>/topic</c> shows it, <c>/topic TEXT</c> sets it.</summary>
    public sealed record Topic(string? Text) : ChatCommand;

    /// <summary>An operator's command on a member or account of the sender's room.</summary>
    public sealed record Moderate(Moderation What, string Name, string? Reason = null) : ChatCommand;

    /// <summary>A known command used wrongly; <paramref name="Usage"/> says how to use it.</summary>
    public sealed record Misused(string Usage) : ChatCommand;

    public sealed record Unknown(string Name) : ChatCommand;
}

internal enum Moderation
{
    Op,
    Deop,
    Kick,
    Ban,
    Unban,
    Invite,
}
