using TinCanChat.Server.Chat;

namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// A member of this server on its way into a room: its entry is being numbered in Redis by its
/// own thread, while the room's feed may already meet that entry and wait here for the history
/// that goes with it.
/// </summary>
internal sealed class PendingJoin(ChatMember member)
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChatMember Member { get; } = member;

    /// <summary>The entry's sequence number, once numbered.</summary>
    public long Seq { get; private set; }

    /// <summary>The room's last chat lines before the entry, oldest first.</summary>
    public IReadOnlyList<string> History { get; private set; } = [];

    public bool Succeeded { get; private set; }

    public bool IsSettled => _settled.Task.IsCompleted;

    public void Numbered(long seq, IReadOnlyList<string> history)
    {
        Seq = seq;
        History = history;
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
