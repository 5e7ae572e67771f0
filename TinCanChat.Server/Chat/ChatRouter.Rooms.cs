using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>
/// Several rooms at once (<c>/cap rooms</c>, SPEC §6): <c>/join</c> adds a room, which takes the
/// focus; <c>/part</c> leaves one, <c>/focus</c> picks where plain lines go, <c>/say</c> speaks in
/// another. Each room keeps its own order, flow control and history; plain clients keep one room.
/// </summary>
internal sealed partial class ChatRouter
{
    private const string NeedsRooms = "that is for several rooms at once: /cap rooms first (or /join another room to move)";

    private void CapRooms(ChatMember member, WakeBatch batch) =>
        Locked(member, () =>
        {
            var at = member.Room?.StartIds(member.Session);
            member.Session.WantsIds = true;
            member.InSeveralRooms = true;
            Reply(member, ServerNotices.RoomsOn, batch);
            Reply(member, ServerNotices.IdsOn(at), batch);
        });

    private void Part(ChatMember member, string? typed, WakeBatch batch) =>
        Locked(member, () =>
        {
            if (InRoom(member, typed, batch) is not { } room)
            {
                return;
            }

            if (member.OtherRooms.Count == 0)
            {
                Reply(member, ServerNotices.Error($"#{room.Name} is your only room: /join another before you leave it"), batch);
                return;
            }

            if (Answered(member, batch, $"so you are still in #{room.Name}", () =>
                {
                    store.Part(member, room, ServerNotices.LeftRoom(member.Name, room.Name), batch);
                    return true;
                }))
            {
                Reply(member, ServerNotices.Parted(room.Name, member.Room!.Name), batch);
            }
        });

    private void Focus(ChatMember member, string typed, WakeBatch batch) =>
        Locked(member, () =>
        {
            if (InRoom(member, typed, batch) is { } room)
            {
                member.Focus(room);
                Reply(member, ServerNotices.Focused(room.Name), batch);
            }
        });

    private void SayIn(ChatMember member, string typed, string text, WakeBatch batch)
    {
        if (InRoom(member, typed, batch) is not { } room)
        {
            return;
        }

        var line = ServerNotices.Said(member.Name, text);
        if (TooLongToRelay(line))
        {
            RefuseTooLong(member, batch);
            return;
        }

        SayIn(member, room, [line], batch);
    }

    // The sender's room of that name (null: the one in focus), or null after telling it why not.
    private static Room? InRoom(ChatMember member, string? typed, WakeBatch batch)
    {
        if (!member.InSeveralRooms)
        {
            Reply(member, ServerNotices.Error(NeedsRooms), batch);
            return null;
        }

        var name = typed is null ? null : Names.Room(typed);
        if (name is not null && Names.Problem(name) is { } problem)
        {
            Reply(member, ServerNotices.Error($"room {problem}"), batch);
            return null;
        }

        var room = name is null ? member.Room : member.RoomNamed(name);
        if (room is null)
        {
            Reply(member, ServerNotices.Error($"you are not in #{name}: /join #{name} first"), batch);
        }

        return room;
    }
}
