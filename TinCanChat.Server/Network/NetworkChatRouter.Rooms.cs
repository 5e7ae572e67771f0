using StackExchange.Redis;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Network;

/// <summary>Entering and leaving rooms: numbered in Redis, carried out here by the room's feed.</summary>
internal sealed partial class NetworkChatRouter
{
    protected override void Leave(ChatMember member, CloseReason reason)
    {
        _byToken.TryRemove(member.Token, out _);
        if (member.Room is { } room)
        {
            member.Room = null;
            room.Remove(member.Session, null);
            Forget(room);
        }

        // The others on other servers see this one go even when its server shuts down.
        var announced = reason == CloseReason.ServerShutdown ? reason with { Announce = true } : reason;
        _network.RunLater(NetworkScripts.Leave, member.Token, LeaveNotice(member.Name, announced, NetworkScripts.OnlineSlot) ?? "", AnnounceLimit);
    }

    // Numbers the member's entry into the room (and its leaving the one it is in) in Redis; the
    // room's feed adds it here at that number. Under the member's lock.
    private void Enter(ChatMember member, string roomName, Room? from)
    {
        var (room, feed) = OpenRoom(roomName);
        var join = new PendingJoin(member);
        feed.Expect(join);
        try
        {
            var result = (RedisResult[])(from is null
                ? _network.Run(NetworkScripts.Arrive, _network.ServerId, member.Token, Key(room), room.Name, member.Name,
                    ServerNotices.Joined(NetworkScripts.NameSlot, NetworkScripts.OnlineSlot), AnnounceLimit, _history)
                : _network.Run(NetworkScripts.Move, member.Token, Key(room), room.Name,
                    ServerNotices.LeftRoom(member.Name, from.Name), ServerNotices.JoinedRoom(member.Name, room.Name), _history, Address(member)))!;
            var newestFirst = (RedisResult[])result[1]!;
            feed.Numbered(join, (long)result[0], [.. newestFirst.Reverse().Select(line => (string)line!)]);
            member.Room = room;
        }
        catch (ChatNetworkException ex)
        {
            feed.Failed(join);
            room.Unreserve();
            Forget(room);
            if (ex.InnerException is RedisServerException refused && refused.Message.StartsWith("TOOFAST ", StringComparison.Ordinal))
            {
                var minutes = Math.Max(1, (int)Math.Ceiling(int.Parse(refused.Message["TOOFAST ".Length..], System.Globalization.CultureInfo.InvariantCulture) / 60.0));
                throw new RoomUnavailableException($"you are opening new rooms too fast (30 an hour from one address): #{room.Name} can be opened in {minutes} min", ex);
            }

            throw;
        }
    }

    // The client's address, for the limit on new rooms; its label is the address and port.
    private static string Address(ChatMember member) =>
        System.Net.IPEndPoint.TryParse(member.Session.Label, out var endPoint) ? endPoint.Address.ToString() : member.Session.Label;

    // The room here, kept from retiring and heard by its feed.
    private (Room Room, RoomFeed Feed) OpenRoom(string name)
    {
        while (true)
        {
            var room = _rooms.GetOrCreate(name);
            if (!room.Reserve())
            {
                continue;
            }

            var lazy = _feeds.GetOrAdd(room, created => new Lazy<RoomFeed>(() => new RoomFeed(_network, created, Key(created), LocalSession, _log, _startThread)));
            RoomFeed feed;
            try
            {
                feed = lazy.Value;
            }
            catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
            {
                // Out of threads (a pids limit): nothing of the attempt stays, and the next one tries again.
                _feeds.TryRemove(new KeyValuePair<Room, Lazy<RoomFeed>>(room, lazy));
                room.Unreserve();
                Forget(room);
                _log.Warning("Room #{Room} could not start its feed: {Problem}", name, ex.Message);
                throw new RoomUnavailableException($"the server has no thread to spare for #{name} now; try again shortly", ex);
            }

            // Not while Redis is known to be down: the client is told at once.
            if (feed.WaitSubscribed(_network.IsConnected ? SubscribePatience : TimeSpan.Zero))
            {
                return (room, feed);
            }

            room.Unreserve();
            Forget(room);
            throw new ChatNetworkException($"cannot subscribe to #{name}");
        }
    }

    private void Forget(Room room)
    {
        if (_rooms.ForgetIfEmpty(room) && _feeds.TryRemove(room, out var feed))
        {
            feed.Value.Dispose();
        }
    }
}
