using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat;

/// <summary>
/// A client as the chat sees it: the name others see and the room it is in. Changed only under
/// <see cref="Lock"/>, by the client's own receive thread (commands) or by its leaving; lock
/// order: a member's lock, then the room directory's, then a room's.
/// </summary>
internal sealed class ChatMember(IClientSession session)
{
    public Lock Lock { get; } = new();

    public IClientSession Session { get; } = session;

    /// <summary>The nickname, or the remote endpoint until one is picked.</summary>
    public string Name { get; set; } = session.Label;

    public bool HasNickname { get; set; }

    /// <summary>Null before entering the lobby and after leaving.</summary>
    public Room? Room { get; set; }
}
