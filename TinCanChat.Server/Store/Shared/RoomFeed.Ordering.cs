namespace TinCanChat.Server.Store.Shared;

/// <summary>Putting the room's lines in order: live ones, a new epoch, gaps filled from the log.</summary>
internal sealed partial class RoomFeed
{
    private void Handle(FeedInput input)
    {
        switch (input)
        {
            case FeedInput.Settled when _order.Next == 0:
                StartWhenAllNumbered();
                break;
            case FeedInput.Line { Event: var line }:
                if (!IsCurrent(line.Epoch))
                {
                    return;
                }

                _order.Add(line);
                break;
            case FeedInput.CatchUp when _order.Next != 0:
                // Lines may have been numbered meanwhile under a new epoch (Redis restarted empty).
                if (_shared.CurrentEpoch() is { } epoch && !IsCurrent(epoch))
                {
                    return;
                }

                AddFromLog(_order.Next, null);
                break;
        }

        DeliverReady();
    }

    // The feed starts at the first entry of a member of this server; entries being numbered on
    // several threads at once may come back in any order, so it waits until none is in flight
    // (each entering thread registers before it asks Redis for a number, so a later one gets a
    // higher number than every one seen here).
    private void StartWhenAllNumbered()
    {
        var joins = _pending.Values.ToList();
        if (joins.Count > 0 && joins.All(join => join.IsSettled) && joins.Where(join => join.Succeeded).Select(join => join.Seq).DefaultIfEmpty().Min() is > 0 and var first)
        {
            _order.StartAt(first);
        }
    }

    // A line of another numbering: Redis was emptied and the servers made a new epoch. The room
    // starts again at 1 in the new one; lines of the old one still on their way are dropped.
    private bool IsCurrent(string epoch)
    {
        if (_epoch is null)
        {
            _epoch = epoch;
        }
        else if (epoch != _epoch)
        {
            if (!_shared.AdoptIfCurrent(epoch))
            {
                return false;
            }

            _epoch = epoch;
            _order.Restart();
        }

        return true;
    }

    private void DeliverReady()
    {
        while (true)
        {
            foreach (var line in _order.TakeReady())
            {
                Deliver(line);
            }

            if (_order.Gap is not { } gap)
            {
                return;
            }

            AddFromLog(gap.From, gap.To);
            if (_order.Gap == gap)
            {
                _log.Warning("Room #{Room} missed lines {From} to {To}: they are no longer in its log", _room.Name, gap.From, gap.To);
                _order.SkipTo(gap.To + 1);
                AdmitSkippedJoins();
            }
        }
    }

    private void AddFromLog(long from, long? to)
    {
        foreach (var line in _shared.Log(_key, from, to))
        {
            _order.Add(line);
        }
    }
}
