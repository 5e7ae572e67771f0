using Serilog.Core;
using TinCanChat.Server;
using TinCanChat.Server.Routing;

namespace TinCanChat.Tests.Support;

/// <summary>The real server on 127.0.0.1 and a free port, in this process, for loopback tests.</summary>
internal sealed class TestServer : IDisposable
{
    private TestServer(ChatServer server) => Server = server;

    public ChatServer Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    public static TestServer Start(ServerOptions? options = null)
    {
        options = (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = 0 };
        IMessageRouter router = options.Echo ? new EchoRouter() : new ChatRouter(new ClientRegistry());
        var server = new ChatServer(options, router, Logger.None);
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

    public void Dispose() => Server.Dispose();
}
