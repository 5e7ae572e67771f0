namespace TinCanChat.Server.Chat.History;

/// <summary>
/// One room's chat lines as this server keeps them (the in-process store, SPEC §11): each gets
/// the next id of the room, and the newest are kept within <see cref="HistoryLimits"/>, always
/// with none missing between them, so a replay joins the live lines without a gap: a line that
/// cannot be kept, even after the oldest make way, clears the rest. Appended under its room's
/// lock (which orders the room's lines); read by anyone: its own lock is a leaf.
/// </summary>
internal sealed class RoomLog(HistoryLimits limits)
{
    private readonly Lock _lock = new();
    private readonly List<LoggedLine> _lines = [];
    private int _first;
    private long _bytes;
    private long _nextId = 1;

    /// <summary>The id the next line will get.</summary>
    public long NextId
    {
        get
        {
            lock (_lock)
            {
                return _nextId;
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _lines.Count == _first;
            }
        }
    }

    /// <summary>Numbers the line and keeps it if it fits.</summary>
    public LoggedLine Append(byte[] frame, long saidAtMs)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            var line = new LoggedLine(_nextId++, saidAtMs, frame);
            if (limits.Lines == 0)
            {
                return line;
            }

            while (Count >= limits.Lines || _bytes + frame.Length > limits.RoomBytes || !limits.TryTake(frame.Length))
            {
                if (Count == 0)
                {
                    return line;
                }

                DropOldest();
            }

            _lines.Add(line);
            _bytes += frame.Length;
            return line;
        }
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<LoggedLine> Last(int count)
    {
        lock (_lock)
        {
            var take = Math.Min(count, Count);
            return _lines.GetRange(_lines.Count - take, take);
        }
    }

    /// <summary>Up to <paramref name="count"/> lines just before the id, oldest first.</summary>
    public IReadOnlyList<LoggedLine> Before(long id, int count)
    {
        lock (_lock)
        {
            var end = _first;
            while (end < _lines.Count && _lines[end].Id < id)
            {
                end++;
            }

            var start = Math.Max(_first, end - count);
            return _lines.GetRange(start, end - start);
        }
    }

    /// <summary>Every kept line after the id, oldest first, and how many after it are no longer kept.</summary>
    public (IReadOnlyList<LoggedLine> Lines, long Gone) After(long id)
    {
        lock (_lock)
        {
            var start = _first;
            while (start < _lines.Count && _lines[start].Id <= id)
            {
                start++;
            }

            var oldestKept = start < _lines.Count ? _lines[start].Id : _nextId;
            return (_lines.GetRange(start, _lines.Count - start), Math.Max(0, oldestKept - id - 1));
        }
    }

    /// <summary>Gives every kept byte back (the room is forgotten).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            limits.Give(_bytes);
            _bytes = 0;
            _lines.Clear();
            _first = 0;
        }
    }

    private int Count => _lines.Count - _first;

    private void DropOldest()
    {
        var oldest = _lines[_first++];
        _bytes -= oldest.Frame.Length;
        limits.Give(oldest.Frame.Length);

        // Compact now and then rather than shift the list on every drop.
        if (_first > 1024 && _first * 2 > _lines.Count)
        {
            _lines.RemoveRange(0, _first);
            _first = 0;
        }
    }
}
