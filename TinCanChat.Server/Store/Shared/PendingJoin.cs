using TinCanChat.Server.Chat;

namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// A member of this server on its way into a room: its entry is being numbered in the shared
/// state by its own thread, while the room's feed may already meet that entry and wait here for
/// the history that goes with it.
/// </summary>
/// <param name="resumed">It resumes (<c>/resume</c>): its history is every kept line after the id it gave.</param>
internal sealed class PendingJoin(ChatMember member, bool resumed = false)
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChatMember Member { get; } = member;

    public bool Resumed { get; } = resumed;

    /// <summary>The entry as numbered (its number and the lines that go with it), once numbered.</summary>
    public RoomEntry Entry { get; private set; } = new(0, []);

    /// <summary>The entry's sequence number, once numbered.</summary>
    public long Seq => Entry.Seq;

    public bool Succeeded { get; private set; }

    public bool IsSettled => _settled.Task.IsCompleted;

    public void Numbered(RoomEntry entry)
    {
        Entry = entry;
        Succeeded = true;
        _settled.TrySetResult();
    }

    public void Failed() => _settled.TrySetResult();

    /// <summary>Waits for the outcome; false if <paramref name="giveUp"/> says so first.</summary>
    public bool WaitSettled(Func<bool> giveUp)
    {
        // Bounded by the entering call's own timeout; the slices only notice a stop.
        while (!_settled.Task.Wait(TimeSpan.FromSeconds(1)))
        {
            if (giveUp())
            {
                return false;
            }
        }

        return true;
    }
}
