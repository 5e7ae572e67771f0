using Serilog.Core;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Tests.Support;

/// <summary>The real server on 127.0.0.1 and a free port, in this process, for loopback tests.</summary>
internal sealed class TestServer : IDisposable
{
    private TestServer(ServerHost server) => Server = server;

    public ServerHost Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    /// <param name="startThread">Starts each session thread; a test can make it fail.</param>
    public static TestServer Start(ServerOptions? options = null, Action<Thread>? startThread = null)
    {
        options = (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = 0 };
        var server = new ServerHost(options, Logger.None, startThread);
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
