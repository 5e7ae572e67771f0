namespace TinCanChat.Server.Store.Shared;

/// <summary>
/// Puts one room's numbered lines back in order: each is handed out once, in sequence, whatever
/// order and however many times they arrive (live and from the log after a gap). Until the
/// first position is known (the sequence number of this server's first member entering) lines
/// wait. Pure and owned by one thread.
/// </summary>
internal sealed class SequenceOrder
{
    private readonly SortedDictionary<long, RoomEvent> _waiting = [];

    /// <summary>The next sequence number to hand out; 0 while unknown.</summary>
    public long Next { get; private set; }

    /// <summary>The numbers missing before the first waiting line, when there is such a gap.</summary>
    public (long From, long To)? Gap =>
        Next != 0 && _waiting.Count > 0 && _waiting.Keys.First() > Next ? (Next, _waiting.Keys.First() - 1) : null;

    /// <summary>Starts at <paramref name="seq"/> unless already started; earlier lines are dropped.</summary>
    public void StartAt(long seq)
    {
        if (Next == 0)
        {
            Next = seq;
            DropBefore(seq);
        }
    }

    /// <summary>A new numbering (Redis was emptied): forgets everything and starts at 1.</summary>
    public void Restart()
    {
        _waiting.Clear();
        Next = 1;
    }

    /// <summary>The missing lines are gone from the log too: go on from <paramref name="seq"/>.</summary>
    public void SkipTo(long seq)
    {
        if (seq > Next)
        {
            Next = seq;
            DropBefore(seq);
        }
    }

    public void Add(RoomEvent line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Next == 0 || line.Seq >= Next)
        {
            _waiting.TryAdd(line.Seq, line);
        }
    }

    /// <summary>The lines that are next in order, now.</summary>
    public IEnumerable<RoomEvent> TakeReady()
    {
        while (Next != 0 && _waiting.Remove(Next, out var line))
        {
            Next++;
            yield return line;
        }
    }

    private void DropBefore(long seq)
    {
        foreach (var early in _waiting.Keys.TakeWhile(key => key < seq).ToList())
        {
            _waiting.Remove(early);
        }
    }
}
