namespace TinCanChat.Client;

/// <summary>
/// The user's chat lines sent and not yet seen coming back from the room (the server sends every
/// line of a room to its sender too, in order): how many did not reach the room when quitting
/// times out, or when the connection is lost. Plain lines and <c>/me</c>; commands are not counted.
/// Sent by the input thread, seen by the receive thread.
/// </summary>
internal sealed class UnconfirmedLines
{
    private readonly Lock _lock = new();
    private readonly List<string> _waiting = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A line the user sent: its echo's ending is awaited, if it is chat.</summary>
    public void Sent(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var echo = line.StartsWith("//", StringComparison.Ordinal) ? ": " + line[1..]
            : line.StartsWith("/me ", StringComparison.OrdinalIgnoreCase) ? " " + line[4..].Trim(' ')
            : line.StartsWith('/') ? null
            : ": " + line;
        if (echo is not null)
        {
            lock (_lock)
            {
                _waiting.Add(echo);
            }
        }
    }

    /// <summary>
    /// A line received (without its id): the oldest awaited echo it ends with is confirmed, and
    /// those before it too (the server answered them otherwise, a refusal: they are not on their way).
    /// </summary>
    public void Received(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            var echoed = _waiting.FindIndex(echo => line.EndsWith(echo, StringComparison.Ordinal));
            _waiting.RemoveRange(0, echoed + 1);
        }
    }

    /// <summary>Forgets them all (a new connection), returning how many there were.</summary>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _waiting.Count;
            _waiting.Clear();
            return count;
        }
    }
}
