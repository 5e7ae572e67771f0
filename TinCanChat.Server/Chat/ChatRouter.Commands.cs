using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>What each command does and answers, the same whatever the store.</summary>
internal sealed partial class ChatRouter
{
    private void Rename(ChatMember member, string name, WakeBatch batch)
    {
        try
        {
            if (!store.Rename(member, name, ServerNotices.Renamed(member.Name, name), batch))
            {
                Reply(member, ServerNotices.Error($"the nickname {name} is taken"), batch);
            }
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, "your nickname was not changed", ex, batch);
        }
    }

    private void Who(ChatMember member, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        try
        {
            ServerNotices.Who(room.Name, [.. store.Who(room)], maxLineBytes).ToList().ForEach(line => Reply(member, line, batch));
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, "so the list cannot be shown", ex, batch);
        }
    }

    private void ListRooms(ChatMember member, WakeBatch batch)
    {
        try
        {
            ServerNotices.Rooms(store.Rooms(), maxLineBytes).ToList().ForEach(line => Reply(member, line, batch));
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, "so the list cannot be shown", ex, batch);
        }
    }

    private void Private(ChatMember member, string name, string text, WakeBatch batch)
    {
        try
        {
            if (store.Whisper(member, name, ServerNotices.Private(member.Name, NoticeSlots.Name, text), batch) is not { } sent)
            {
                Reply(member, ServerNotices.Error($"no one called {name}"), batch);
            }
            else if (!sent.ToSelf)
            {
                Reply(member, sent.Line.FrameFor(member.Session, LoggedLine.PrivateRoom), batch);
            }
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, "your message was not sent", ex, batch, maybe: "your message may or may not have been sent; look before you send it again");
        }
    }

    // Out of the room into another, or with /cap rooms into one more.
    private void Move(ChatMember member, Room old, string roomName, WakeBatch batch, long? resumeAfter = null)
    {
        try
        {
            if (member.InSeveralRooms)
            {
                store.Join(member, roomName, ServerNotices.JoinedRoom(member.Name, roomName), resumeAfter, batch);
            }
            else
            {
                store.Move(member, old, roomName, ServerNotices.LeftRoom(member.Name, old.Name), ServerNotices.JoinedRoom(member.Name, roomName), resumeAfter, batch);
            }
        }
        catch (StoreUnavailableException ex)
        {
            Unavailable(member, $"so {StillIn(member)}", ex, batch);
        }
        catch (RoomUnavailableException ex)
        {
            Reply(member, ServerNotices.Error($"{ex.Message} ({StillIn(member)})"), batch);
        }
    }

    private void ShowHistory(ChatMember member, int count, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        var lines = store.Before(room, member.HistoryCursor, count);
        if (lines.Count == 0)
        {
            Reply(member, ServerNotices.NoOlderLines(room.Name), batch);
            return;
        }

        member.HistoryCursor = lines[0].Id;
        Replay(member, room, lines, batch);
    }

    // Into another room, if it lets this member in (a registered room's bans, invitations, key),
    // then its topic; with resumeAfter, the lines after that id instead of the last few.
    private void Enter(ChatMember member, string roomName, string? key, long? resumeAfter, WakeBatch batch)
    {
        var refusal = (string?)null;
        var topic = (string?)null;
        if (!Answered(member, batch, $"so {StillIn(member)}", () =>
            {
                var registered = _identity.Store.Room(Names.Fold(roomName));
                refusal = registered?.Refusal(roomName, member.Account, member.Name, member.Address, key);
                topic = registered?.Topic;
                return true;
            }))
        {
            return;
        }

        if (refusal is not null)
        {
            Reply(member, ServerNotices.Error($"{refusal} ({StillIn(member)})"), batch);
            return;
        }

        Locked(member, () =>
        {
            if (member.Room is { } old)
            {
                Move(member, old, roomName, batch, resumeAfter);
                if (topic is not null && member.Room is { } now && now != old)
                {
                    Reply(member, ServerNotices.Topic(now.Name, topic), batch);
                }
            }
        });
    }

    private void Resume(ChatMember member, Room room, long afterId, WakeBatch batch)
    {
        // Already here: every kept line after the id, also those it may have been sent on entering
        // (before it asked for ids, so without them): a client resuming drops that replay and
        // shows this one, by its ids.
        var (missing, gone) = store.After(room, afterId);
        if (gone > 0)
        {
            Reply(member, ServerNotices.NoLongerKept(gone), batch);
        }

        Replay(member, room, missing, batch);
        if (missing.Count > 0)
        {
            member.SawFrom(room, missing[0].Id);
        }
    }

    private static void Replay(ChatMember member, Room room, IReadOnlyList<LoggedLine> lines, WakeBatch batch)
    {
        Reply(member, ServerNotices.HistoryOf(room.Name), batch);
        foreach (var line in lines)
        {
            Reply(member, line.FrameFor(member.Session, room.Key), batch);
        }

        Reply(member, ServerNotices.EndOfHistory, batch);
    }

    // Where a member stays when a /join fails: "still in" its room, or its rooms as they were.
    private static string StillIn(ChatMember member) =>
        member.InSeveralRooms ? "your rooms are as they were" : $"you are still in #{member.Room?.Name}";
}
