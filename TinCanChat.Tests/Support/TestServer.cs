using Serilog;
using Serilog.Core;
using Serilog.Events;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Tests.Support;

/// <summary>The real server on 127.0.0.1 and a free port, in this process, for loopback tests.</summary>
internal sealed class TestServer : IDisposable
{
    private TestServer(ServerHost server) => Server = server;

    public ServerHost Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    /// <summary>The web page's port, for a server started with <c>WebPort = 0</c>.</summary>
    public int WebPort => Server.WebPort ?? throw new InvalidOperationException("This test server has no web page: start it with WebPort = 0.");

    /// <param name="startThread">Starts each session thread; a test can make it fail.</param>
    /// <param name="port">A port to listen on again (a restarted server); 0 picks a free one.</param>
    /// <param name="log">Where the server's log goes, at Debug (default: nowhere).</param>
    /// <param name="waitForIntroductions">
    /// Arrivals wait a quarter of a second for a first line that says who the client is, as the
    /// real server's do; by default a test's server announces them at once, so its many silent
    /// clients do not each cost that wait (the wait has its own tests, and the process tests run the real default).
    /// </param>
    /// <param name="time">The server's clock of rate limits and login waits (default: the real one).</param>
    public static TestServer Start(ServerOptions? options = null, Action<Thread>? startThread = null, int port = 0, TextWriter? log = null, bool waitForIntroductions = false, TimeProvider? time = null)
    {
        // History in memory unless a test gives a directory: servers of concurrent tests must not share one.
        options = (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = port };
        if (!waitForIntroductions)
        {
            options = options with { ArrivalWait = TimeSpan.Zero };
        }

        if (options.Data == ServerOptions.DefaultData)
        {
            options = options with { Data = ServerOptions.NoData };
        }

        ILogger logger = log is null ? Logger.None : new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new TextSink(log)).CreateLogger();
        var server = new ServerHost(options, logger, startThread, time);
        server.Start();
        return new TestServer(server);
    }

    public RawClient Connect() => RawClient.Connect(Port);

    /// <summary>Connects and reads up to and including this client's own join notice.</summary>
    public RawClient Join()
    {
        var client = Connect();
        client.NextMatching(line => line.StartsWith($"* {client.Label} joined", StringComparison.Ordinal));
        return client;
    }

    /// <summary>Joins <paramref name="count"/> clients; each has read up to the last one's join.</summary>
    public List<RawClient> JoinMany(int count)
    {
        var clients = Enumerable.Range(0, count).Select(_ => Join()).ToList();
        clients.SkipLast(1).ToList().ForEach(client => client.WaitForJoinOf(clients[^1]));
        return clients;
    }

    public void Dispose() => Server.Dispose();

    private sealed class TextSink(TextWriter writer) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (writer)
            {
                writer.WriteLine(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
