using Serilog.Core;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>
/// Several servers in one process, each the real chat layer and <see cref="SharedChatStore"/>
/// (feeds and all) over one <see cref="FakeSharedState"/> instead of Redis: the shared chat's
/// ordering tested in milliseconds, with lines that arrive late, twice or not at all.
/// </summary>
internal sealed class SharedChatServers : IDisposable
{
    private readonly List<(ChatRouter Router, FlowGate Gate)> _servers = [];
    private readonly List<RecordingSession> _sessions = [];

    public SharedChatServers(int count, int history = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var gate = new FlowGate();
            var store = new SharedChatStore(
                new RoomDirectory(MemoryHistoryStore.None, 0, gate, new ServerMetrics(() => 0)), new FakeSharedChat(State, $"s{i}"), history, Logger.None);
            _servers.Add((new ChatRouter(store, linesAtOnce: SharedChatStore.LinesAtOnce), gate));
        }
    }

    public FakeSharedState State { get; } = new();

    /// <summary>A client of server <paramref name="server"/>, in #lobby.</summary>
    public RecordingSession Join(int server, string label)
    {
        var session = new RecordingSession(label);
        _sessions.Add(session);
        Assert.That(_servers[server].Router.OnJoined(session, new WakeBatch()), Is.True, $"{label} joins");
        return session;
    }

    /// <summary>A client of server <paramref name="server"/> with a nickname, once it sees its own rename.</summary>
    public RecordingSession JoinAs(int server, string nick)
    {
        var session = Join(server, $"{nick}-addr");
        Send(server, session, $"/nick {nick}");
        session.WaitForLine($"* {nick}-addr is now known as {nick}");
        return session;
    }

    /// <summary>One read of the client's: its lines, then the end of the read.</summary>
    public void Send(int server, RecordingSession session, params string[] lines) => _servers[server].Router.Read(session, lines);

    /// <summary>Readers on server <paramref name="server"/> are behind (or caught up again).</summary>
    public void Behind(int server, RecordingSession reader, bool behind)
    {
        reader.Behind = behind;
        if (behind)
        {
            _servers[server].Gate.Behind();
        }
        else
        {
            _servers[server].Gate.CaughtUp();
        }
    }

    public void Dispose()
    {
        foreach (var (router, _) in _servers)
        {
            router.Stop();
        }

        for (var i = 0; i < _servers.Count; i++)
        {
            foreach (var session in _sessions)
            {
                _servers[i].Router.OnLeft(session, CloseReason.ServerShutdown);
            }
        }

        _servers.ForEach(server => server.Router.Dispose());
    }
}
