using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Store;

/// <summary>
/// The one seam between the chat layer (<see cref="ChatRouter"/>: commands, members, replies) and
/// where the chat lives: this server alone (<see cref="InProcess.InProcessChatStore"/>, its lines
/// in memory or SQLite) or every server sharing Redis (<see cref="Shared.SharedChatStore"/>).
/// Each method is one chat operation. The chat layer calls those that change a member under
/// that member's lock, on its own receive thread, and never under any other lock; a store
/// delivers a room's lines to the members here in one order, and holds a sender back while a
/// reader here is behind. Texts with <see cref="NoticeSlots"/> get the name and the count filled in
/// by the store, which alone knows them at that moment.
/// </summary>
/// <remarks>Every method but <see cref="Leave"/> may throw <see cref="StoreUnavailableException"/> (Redis unreachable).</remarks>
internal interface IChatStore : IDisposable
{
    /// <summary>Enters a new member into its first room, announced with <paramref name="notice"/> (slots: its name, the count online) while few enough are online.</summary>
    /// <exception cref="RoomUnavailableException">The room cannot be entered now, for a reason to tell the client.</exception>
    void Arrive(ChatMember member, string room, string notice, WakeBatch batch);

    /// <summary>From its room into another: the old room sees <paramref name="leftNotice"/>, the new one <paramref name="joinedNotice"/>; with <paramref name="resumeAfter"/>, the lines after that id are replayed instead of the last few.</summary>
    /// <exception cref="RoomUnavailableException">The room cannot be entered now; the member stays where it was.</exception>
    void Move(ChatMember member, Room from, string room, string leftNotice, string joinedNotice, long? resumeAfter, WakeBatch batch);

    /// <summary>
    /// Into one more room (<c>/cap rooms</c>), which takes the focus; the member's other rooms keep it.
    /// Its members see <paramref name="joinedNotice"/>; with <paramref name="resumeAfter"/>, the lines
    /// after that id are replayed instead of the last few.
    /// </summary>
    /// <exception cref="RoomUnavailableException">The room cannot be entered now; the member's rooms are as they were.</exception>
    void Join(ChatMember member, string room, string joinedNotice, long? resumeAfter, WakeBatch batch);

    /// <summary>Out of one of the member's several rooms (never its only one), whose members see <paramref name="leftNotice"/>.</summary>
    void Part(ChatMember member, Room room, string leftNotice, WakeBatch batch);

    /// <summary>
    /// Leaves the chat (every room it is in), announced with <paramref name="notice"/> (slot: the
    /// count online), if any, in one of its rooms, and in each other with <paramref name="elsewhere"/>
    /// (slots: its name, the room); never throws, never waits.
    /// </summary>
    void Leave(ChatMember member, string? notice, string? elsewhere = null);

    /// <summary>The member's chat lines ("name: text") to one of its rooms, in order, after every line said there before.</summary>
    void Say(ChatMember member, Room room, IReadOnlyList<string> lines, WakeBatch batch);

    /// <summary>
    /// Takes the nickname (case-insensitively unique) and tells each of its rooms <paramref name="notice"/>;
    /// false when someone else has it, unless <paramref name="takeOver"/> (a login of its account:
    /// the holder keeps its name until told, as it is by <see cref="MemberOrder.TakeOver"/>).
    /// </summary>
    bool Rename(ChatMember member, string name, string notice, WakeBatch batch, bool takeOver = false);

    /// <summary>
    /// Claims the nickname for a member not arrived yet (its first line said who it is), so its
    /// arrival is announced under it; false when someone has it, unless <paramref name="takeOver"/>.
    /// Given up by its leave, or by an arrival that fails.
    /// </summary>
    bool Claim(ChatMember member, string name, bool takeOver = false);

    /// <summary>Gives the member's nickname up: it is its guest name again, and each of its rooms sees <paramref name="notice"/>.</summary>
    void Unname(ChatMember member, string notice, WakeBatch batch);

    /// <summary>A notice from the member to one of its rooms (not a chat line: not kept, no id).</summary>
    void Notice(ChatMember member, Room room, string notice, WakeBatch batch);

    /// <summary>
    /// Carries the order to the member of that nickname, or to a guest of that name (with
    /// <paramref name="room"/>, in that room; with <c>--redis</c> only there), on whichever server
    /// it is; false when there is none.
    /// </summary>
    bool Order(string name, string? room, MemberOrder order);

    /// <summary>The names in the room, in the order they entered.</summary>
    IReadOnlyList<string> Who(Room room);

    /// <summary>Every room with members, and how many.</summary>
    IReadOnlyList<(string Name, int Members)> Rooms();

    /// <summary>
    /// A private line (<paramref name="line"/>, the target's name as <see cref="NoticeSlots.Name"/>)
    /// to the member of that nickname, held back like a room line while its reader is behind.
    /// Null when no one has it; else the line as sent (the sender's copy, unless it wrote to itself).
    /// </summary>
    (LoggedLine Line, bool ToSelf)? Whisper(ChatMember from, string name, string line, WakeBatch batch);

    /// <summary>Up to <paramref name="count"/> of the room's chat lines before that id, oldest first.</summary>
    IReadOnlyList<LoggedLine> Before(Room room, long id, int count);

    /// <summary>Every kept chat line of the room after that id, and how many after it are no longer kept.</summary>
    (IReadOnlyList<LoggedLine> Lines, long Gone) After(Room room, long id);

    /// <summary>Shutdown: nothing is routed from now on, and held-back senders stop waiting.</summary>
    void Stop();
}
