using Serilog.Core;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.InProcess;
using TinCanChat.Server.Store.Redis;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>
/// One server's chat over each kind of store, for tests that must hold for all of them:
/// <c>memory</c> and <c>sqlite</c> (standalone), <c>fake</c> (the shared store over the in-memory
/// shared state) and <c>redis</c> (the shared store over a real redis-server, skipped where none is installed).
/// </summary>
internal sealed class ChatStores : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <param name="keep">Chat lines each room keeps.</param>
    /// <param name="replay">Lines replayed to a member entering a room (<c>--history</c>).</param>
    public ChatStores(string kind, int keep, int replay)
    {
        var gate = new FlowGate();
        var metrics = new ServerMetrics(() => 0);
        var limits = new HistoryLimits(keep);
        IChatStore store;
        switch (kind)
        {
            case "memory":
                store = new InProcessChatStore(new RoomDirectory(new MemoryHistoryStore(limits), replay, gate, metrics));
                break;
            case "sqlite":
                var folder = Directory.CreateTempSubdirectory("tincan-store-").FullName;
                var history = SqliteHistoryStore.Open(folder, limits);
                _owned.Add(new Cleanup(() =>
                {
                    history.Dispose();
                    Directory.Delete(folder, recursive: true);
                }));
                store = new InProcessChatStore(new RoomDirectory(history, replay, gate, metrics));
                break;
            case "fake":
                store = new SharedChatStore(new RoomDirectory(MemoryHistoryStore.None, 0, gate, metrics), new FakeSharedChat(new FakeSharedState(keep), "s0"), replay, Logger.None);
                break;
            default:
                var redis = RedisProcess.Start();
                try
                {
                    store = new SharedChatStore(new RoomDirectory(MemoryHistoryStore.None, 0, gate, metrics), RedisSharedChat.Connect(redis.Configuration, Logger.None, limits), replay, Logger.None);
                }
                catch
                {
                    redis.Dispose();
                    throw;
                }

                _owned.Add(redis);
                break;
        }

        Router = new ChatRouter(store, linesAtOnce: 16);
    }

    public ChatRouter Router { get; }

    public RecordingSession Join(string label)
    {
        var session = new RecordingSession(label);
        Assert.That(Router.OnJoined(session, new WakeBatch()), Is.True, $"{label} joins");
        return session;
    }

    /// <summary>One read of the client's: its lines, then the end of the read.</summary>
    public void Send(RecordingSession session, params string[] lines) => Router.Read(session, lines);

    public void Dispose()
    {
        Router.Stop();
        Router.Dispose();
        _owned.AsEnumerable().Reverse().ToList().ForEach(owned => owned.Dispose());
    }

    private sealed class Cleanup(Action done) : IDisposable
    {
        public void Dispose() => done();
    }
}
