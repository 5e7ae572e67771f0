namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// What every server shares (SPEC §9), as chat operations with typed answers: a sequencer per
/// room (each line, entry and leave numbered in one order, kept in the room's log and published),
/// presence, nicknames, private lines between servers, and this server's liveness. Redis is the
/// real one (<see cref="Redis.RedisSharedChat"/>); the tests have one in memory that delivers late,
/// twice or not at all. Every call blocks for one round trip and throws
/// <see cref="StoreUnavailableException"/> when it cannot be made; none is made under a room lock.
/// Room and nickname keys are case-folded (<see cref="Chat.Names.Fold"/>).
/// </summary>
internal interface ISharedChat : IDisposable
{
    /// <summary>Names this server among the others (in member tokens).</summary>
    string ServerId { get; }

    /// <summary>Whether the shared state can be reached now.</summary>
    bool IsConnected { get; }

    /// <summary>Raised, on a thread of its own, when it can be reached again: feeds look for what they missed.</summary>
    event Action? Restored;

    /// <summary>A new member's token: this server, then a number.</summary>
    string NewToken();

    /// <summary>Registers this server and keeps it alive; <paramref name="localMembers"/> says who is here, to put them back after the state was lost.</summary>
    void Start(Func<IReadOnlyList<SharedMember>> localMembers);

    /// <summary>The numbering now; null when there is none yet.</summary>
    string? CurrentEpoch();

    /// <summary>A line of another numbering arrived: true if that is the numbering now (this server then puts its members back under it).</summary>
    bool AdoptIfCurrent(string epoch);

    /// <summary>A new member enters its first room; <paramref name="notice"/> has <see cref="NoticeSlots"/>; <paramref name="nick"/> is the case-folded nickname it claimed before, or empty.</summary>
    RoomEntry Arrive(string token, string room, string display, string name, string notice, int history, string nick = "");

    /// <summary>A member moves to another room; with <paramref name="resumeAfter"/>, the entry comes with every kept line after that id instead of the last few.</summary>
    /// <exception cref="RoomUnavailableException">The room is new and that address opened too many lately.</exception>
    RoomEntry Move(string token, string room, string display, string leftNotice, string joinedNotice, int history, string address, long? resumeAfter);

    /// <summary>A member enters one more room (<c>/cap rooms</c>), keeping its others; <paramref name="resumeAfter"/> as for <see cref="Move"/>.</summary>
    /// <exception cref="RoomUnavailableException">The room is new and that address opened too many lately.</exception>
    RoomEntry Join(string token, string room, string display, string joinedNotice, int history, string address, long? resumeAfter);

    /// <summary>A member leaves one of its several rooms, whose members see <paramref name="leftNotice"/>.</summary>
    void Part(string token, string room, string leftNotice);

    /// <summary>
    /// A member leaves the chat (every room it is in), without waiting (from any thread); one of its
    /// rooms sees <paramref name="notice"/> (with <see cref="NoticeSlots.Online"/>) or nothing when
    /// empty, the others <paramref name="elsewhere"/> (with <see cref="NoticeSlots.Room"/>).
    /// </summary>
    void LeaveLater(string token, string notice, string elsewhere);

    /// <summary>Numbers the chat lines one after the other, giving each the room's next chat id, and keeps them (<c>--history-keep</c>); false, numbering none, while a reader of the room is behind on some server.</summary>
    bool Say(string room, IReadOnlyList<string> lines);

    /// <summary>Up to <paramref name="count"/> of the room's kept chat lines before that id, oldest first.</summary>
    IReadOnlyList<KeptLine> Before(string room, long id, int count);

    /// <summary>Every kept chat line of the room after that id, and how many after it are no longer kept.</summary>
    (IReadOnlyList<KeptLine> Lines, long Gone) After(string room, long id);

    /// <summary>Claims a nickname for the token; false when someone holds it, unless <paramref name="takeOver"/> (its account's login: the holder loses it).</summary>
    bool Claim(string nick, string token, bool takeOver = false);

    /// <summary>Gives the nickname up if the token holds it.</summary>
    void Release(string nick, string token);

    /// <summary>The member is known by <paramref name="name"/> (claimed as <paramref name="nick"/>) from now; each of its rooms sees the notice.</summary>
    void Rename(string token, string name, string nick, string notice);

    /// <summary>A notice from the member to one of its rooms, in the room's order.</summary>
    void Notice(string token, string room, string notice);

    /// <summary>The token of the member holding the nickname, else (with <paramref name="room"/>, a room key) of a member of that room called <paramref name="name"/> (case-folded); null when none.</summary>
    string? Find(string nick, string? room, string name);

    /// <summary>Carries the order to the member's server, which hears it with the private lines.</summary>
    void SendOrder(string token, Chat.Identity.MemberOrder order);

    IReadOnlyList<string> Who(string room);

    IReadOnlyList<(string Name, int Members)> Rooms();

    /// <summary>A private line (the target's name as <see cref="NoticeSlots.Name"/>) to whoever has the nickname; null when no one has it.</summary>
    Whispered? Whisper(string nick, string line);

    /// <summary>The room's lines numbered <paramref name="from"/> to <paramref name="to"/> (null: the newest) that its log still has.</summary>
    IReadOnlyList<RoomEvent> Log(string room, long from, long? to);

    /// <summary>Hears the room's lines as they are numbered, one after the other; disposing stops it.</summary>
    IDisposable Listen(string room, Action<RoomEvent> handle);

    /// <summary>Hears private lines to members of this server.</summary>
    IDisposable ListenPrivate(Action<PrivateLine> handle);

    /// <summary>A reader here is behind in the room: senders everywhere wait a moment. Best effort.</summary>
    void MarkHeld(string room);

    void ClearHeld(string room);

    /// <summary>The member's reader here is behind: private lines to it wait a moment. Best effort.</summary>
    void MarkPrivateHeld(string token);
}

/// <summary>An entry into a room: its number; the room's last chat lines before it (or, resuming, every kept one after the id), oldest first; the room's last chat id then; how many lines after the resumed id are no longer kept.</summary>
internal sealed record RoomEntry(long Seq, IReadOnlyList<KeptLine> History, long LastId = 0, long Gone = 0);

/// <summary>A private line found its target: a member of this server (deliver it here), sent to its server, or held (its reader there is behind: try again).</summary>
internal sealed record Whispered(string Token, string Name, WhisperStatus Status, long Id = 0, long SaidAtMs = 0);

internal enum WhisperStatus
{
    Here,
    Sent,
    Held,
}
