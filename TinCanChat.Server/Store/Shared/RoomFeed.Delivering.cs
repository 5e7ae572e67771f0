using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Store.Shared;

/// <summary>Delivering an ordered line here: to the room's members, or a member of this server entering at it.</summary>
internal sealed partial class RoomFeed
{
    private void Deliver(RoomEvent line)
    {
        if (line.Kind == RoomEvent.Entered && _pending.TryRemove(line.Token, out var join))
        {
            Admit(join, line.Text);
        }
        else
        {
            // A member of this server leaving the room (for another), or back after its server was
            // given up for dead, does not see its own notice.
            Show(line.Text, line.Kind is RoomEvent.Left or RoomEvent.Entered ? _localMember(line.Token) : null, line.Kind == RoomEvent.Chat ? line : null);
        }

        if (_held)
        {
            _held = false;
            _shared.ClearHeld(_key);
        }
    }

    // Members whose entries fell into lines the log no longer had come in now, without history.
    private void AdmitSkippedJoins()
    {
        foreach (var join in _pending.Values.Where(join => join.Succeeded && join.Seq < _order.Next).ToList())
        {
            if (_pending.TryRemove(new KeyValuePair<string, PendingJoin>(join.Member.Token, join)))
            {
                Admit(join, "");
            }
        }
    }

    private void Admit(PendingJoin join, string notice)
    {
        if (!join.WaitSettled(() => _stopping.IsSet) || !join.Succeeded)
        {
            Show(notice);
            return;
        }

        try
        {
            var frame = notice.Length > 0 ? FrameEncoder.Encode(notice) : null;
            var entry = join.Entry;
            var member = join.Member;
            if (!_room.Add(member.Session, _ => frame, _batch, out _, new Replay([.. entry.History.Select(SharedChatStore.Logged)], entry.Gone, join.Resumed, entry.LastId + 1), wanted: () => member.IsIn(_room)))
            {
                // It moved on (or left) before its entry got here: the others see it come; its leave follows.
                Show(notice);
            }
        }
        finally
        {
            _room.Unreserve();
        }
    }

    private void Show(string text, IClientSession? except = null, RoomEvent? chat = null)
    {
        if (text.Length > 0)
        {
            var frame = FrameEncoder.Encode(text);
            _room.Deliver(frame, _batch, () => _stopping.IsSet, MarkHeld, except, chat is null ? null : new LoggedLine(chat.Id, chat.SaidAtMs, frame));
        }
    }

    private void MarkHeld()
    {
        if (!_held || Environment.TickCount64 - _heldMarkedAt >= MarkHeldEvery.TotalMilliseconds)
        {
            _held = true;
            _heldMarkedAt = Environment.TickCount64;
            _shared.MarkHeld(_key);
        }
    }
}
