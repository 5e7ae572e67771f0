using TinCanChat.Server.Chat;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Support;

internal static class ChatRouterReads
{
    /// <summary>One read of the client's, as its receive thread hands it on: its lines, then the end of the read.</summary>
    public static void Read(this ChatRouter router, IClientSession session, params string[] lines)
    {
        var batch = new WakeBatch();
        foreach (var line in lines)
        {
            router.OnMessage(session, line, batch);
        }

        router.OnReadDone(session, batch);
    }
}
