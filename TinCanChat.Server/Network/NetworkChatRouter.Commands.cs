using StackExchange.Redis;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Network;

/// <summary>The commands, answered from what Redis holds for every server.</summary>
internal sealed partial class NetworkChatRouter
{
    protected override void Rename(ChatMember member, string name, WakeBatch batch)
    {
        var old = member.Name;
        var nick = ChatNetwork.Fold(name);
        var sameName = member.HasNickname && ChatNetwork.Fold(old) == nick;
        try
        {
            if (!sameName && !_network.Claim(nick, member.Token))
            {
                Reply(member, ServerNotices.Error($"the nickname {name} is taken"), batch);
                return;
            }

            try
            {
                _network.Run(NetworkScripts.Rename, member.Token, name, nick, ServerNotices.Renamed(old, name));
            }
            catch (ChatNetworkException) when (!sameName)
            {
                ReleaseQuietly(nick, member.Token);
                throw;
            }
        }
        catch (ChatNetworkException ex)
        {
            Unreachable(member, "your nickname was not changed", ex, batch);
            return;
        }

        member.Name = name;
        member.HasNickname = true;
    }

    protected override void Who(ChatMember member, WakeBatch batch)
    {
        if (member.Room is not { } room)
        {
            return;
        }

        try
        {
            var names = (RedisResult[])_network.Read(NetworkScripts.Who, null, Key(room))!;
            ReplyWho(member, room.Name, [.. names.Select(name => (string)name!)], batch);
        }
        catch (ChatNetworkException ex)
        {
            Unreachable(member, "so the list cannot be shown", ex, batch);
        }
    }

    protected override void ListRooms(ChatMember member, WakeBatch batch)
    {
        try
        {
            var flat = (RedisResult[])_network.Read(NetworkScripts.Rooms, null)!;
            ReplyRooms(member, flat.Chunk(2).Select(pair => (Name: (string)pair[0]!, Members: (int)pair[1])), batch);
        }
        catch (ChatNetworkException ex)
        {
            Unreachable(member, "so the list cannot be shown", ex, batch);
        }
    }

    protected override void Private(ChatMember member, string name, string text, WakeBatch batch)
    {
        try
        {
            while (true)
            {
                var found = _network.Read(NetworkScripts.Whisper, null, ChatNetwork.Fold(name), ServerNotices.Private(member.Name, NetworkScripts.NameSlot, text), _network.ServerId);
                if (found.IsNull)
                {
                    Reply(member, ServerNotices.Error($"no one called {name}"), batch);
                    return;
                }

                var result = (RedisResult[])found!;
                var token = (string)result[0]!;
                var line = ServerNotices.Private(member.Name, (string)result[1]!, text);
                switch ((int)result[2])
                {
                    case 0 when _byToken.TryGetValue(token, out var target):
                        target.Room?.SendTo(target.Session, FrameEncoder.Encode(line), member.Session, batch);
                        break;
                    case 0:
                        // Its client left this server meanwhile.
                        Reply(member, ServerNotices.Error($"no one called {name}"), batch);
                        return;
                    case < 0:
                        // Its reader on another server is behind: held back, as by a room.
                        if (member.Session.IsClosing)
                        {
                            return;
                        }

                        batch.Complete();
                        Thread.Sleep(HeldElsewhereRecheck);
                        continue;
                }

                if (token != member.Token)
                {
                    Reply(member, line, batch);
                }

                return;
            }
        }
        catch (ChatNetworkException ex)
        {
            Unreachable(member, "your message was not sent", ex, batch, maybe: "your message may or may not have been sent; look before you send it again");
        }
    }

    // Redis keeps a room's chat lines without their numbers beside its log; paging them is for
    // the store seam of the history issue.
    protected override void ShowHistory(ChatMember member, int count, WakeBatch batch) =>
        Reply(member, ServerNotices.Error("/history is not available with --redis yet"), batch);

    protected override string? IdsUnavailable => "/cap ids is not available with --redis yet";

    protected override void Resume(ChatMember member, Room old, string roomName, long afterId, WakeBatch batch) =>
        Reply(member, ServerNotices.Error("/resume is not available with --redis yet"), batch);

    protected override void Move(ChatMember member, Room old, string roomName, WakeBatch batch)
    {
        try
        {
            Enter(member, roomName, from: old);
        }
        catch (ChatNetworkException ex)
        {
            Unreachable(member, $"so you are still in #{old.Name}", ex, batch);
            return;
        }
        catch (RoomUnavailableException ex)
        {
            Reply(member, ServerNotices.Error($"{ex.Message} (you are still in #{old.Name})"), batch);
            return;
        }

        old.Remove(member.Session, null);
        Forget(old);
    }

    private void ReleaseQuietly(string nick, string token)
    {
        try
        {
            _network.Release(nick, token);
        }
        catch (ChatNetworkException)
        {
            // It expires by itself, unrenewed.
        }
    }
}
