using StackExchange.Redis;
using TinCanChat.Server.Chat.Identity;

namespace TinCanChat.Server.Store.Redis;

/// <summary>Identity across servers: room notices, and orders carried to the server a member is on.</summary>
internal sealed partial class RedisSharedChat
{
    public void Notice(string token, string room, string notice) => Run(RedisScripts.Notice, token, room, notice);

    public string? Find(string nick, string? room, string name)
    {
        var token = Read(RedisScripts.Find, null, nick, room ?? "", name);
        return token.IsNull ? null : (string?)token;
    }

    public void SendOrder(string token, MemberOrder order)
    {
        ArgumentNullException.ThrowIfNull(token);
        var server = token.Split('/')[0];
        Call(() => _redis.GetSubscriber().Publish(RedisChannel.Literal($"tcc:to:{server}"), RedisEventFormat.Order(token, order)));
    }
}
