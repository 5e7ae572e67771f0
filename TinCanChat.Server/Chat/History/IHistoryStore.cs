namespace TinCanChat.Server.Chat.History;

/// <summary>
/// Where the rooms' chat lines are kept (SPEC §11, §12): each line gets its room's next id, and
/// the last <c>--history-keep</c> of each room stay for <c>--history</c>, <c>/history</c> and
/// <c>/resume</c>. In memory (<see cref="MemoryHistoryStore"/>, for the server's run) or on disk
/// (<see cref="SqliteHistoryStore"/>, across restarts). Rooms are named by their lower-case name.
/// <see cref="Append"/> runs under the room's lock, which orders the room's lines; the others
/// from any thread. A store's own lock is a leaf.
/// </summary>
internal interface IHistoryStore : IDisposable
{
    /// <summary>Numbers the lines one after the other and keeps them; once this returns, they are kept (on disk, committed together).</summary>
    IReadOnlyList<LoggedLine> Append(string room, IReadOnlyList<byte[]> frames, long saidAtMs);

    /// <summary>The id the room's next line will get.</summary>
    long NextId(string room);

    /// <summary>The room's newest <paramref name="count"/> kept lines, oldest first.</summary>
    IReadOnlyList<LoggedLine> Last(string room, int count);

    /// <summary>Up to <paramref name="count"/> kept lines just before the id, oldest first.</summary>
    IReadOnlyList<LoggedLine> Before(string room, long id, int count);

    /// <summary>Every kept line after the id, oldest first, and how many after it are no longer kept.</summary>
    (IReadOnlyList<LoggedLine> Lines, long Gone) After(string room, long id);

    /// <summary>The room emptied: a store may let go of what it holds for it in memory.</summary>
    void RoomEmptied(string room);
}
