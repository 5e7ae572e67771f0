using TinCanChat.Server.Chat.History;

namespace TinCanChat.Tests.Server.History;

internal static class HistoryStoreExtensions
{
    /// <summary>One line on its own, as a read with one line appends it.</summary>
    public static LoggedLine AppendOne(this IHistoryStore store, string room, byte[] frame, long saidAtMs) => store.Append(room, [frame], saidAtMs).Single();
}
