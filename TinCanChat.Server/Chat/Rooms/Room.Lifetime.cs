namespace TinCanChat.Server.Chat.Rooms;

/// <summary>A room's lifetime: kept while someone is on the way in, retired once empty, stopped at shutdown.</summary>
internal sealed partial class Room
{
    /// <summary>Forgotten by the directory: a join must find or create the room anew.</summary>
    public bool IsRetired
    {
        get
        {
            lock (_lock)
            {
                return _retired;
            }
        }
    }

    /// <summary>Forgets the room if it is empty and no one is on the way in: it takes no one from now on.</summary>
    public bool TryRetire()
    {
        lock (_lock)
        {
            _retired = _clients.Count == 0 && _reserved == 0;
            return _retired;
        }
    }

    /// <summary>
    /// Keeps the room from retiring while a member is on the way in (its place in the room's order
    /// is being fetched from Redis); <see cref="Add"/> or <see cref="Unreserve"/> ends it.
    /// False: the room is retired already.
    /// </summary>
    public bool Reserve()
    {
        lock (_lock)
        {
            if (!_retired)
            {
                _reserved++;
            }

            return !_retired;
        }
    }

    /// <summary>The member on the way in did not come.</summary>
    public void Unreserve()
    {
        lock (_lock)
        {
            _reserved = Math.Max(0, _reserved - 1);
        }
    }

    /// <summary>Shutdown: nothing is queued from now on, and held-back senders stop waiting.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        gate.Open();
    }
}
