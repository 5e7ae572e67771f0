using Prometheus;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// <c>--metrics-port N</c> (SPEC §14): the <c>TinCanChat.Server</c> meter, with the runtime's
/// and the process's, as Prometheus text at <c>/metrics</c>. prometheus-net reads the .NET
/// meters itself (its meter adapter) and serves them with its own small HTTP listener: one
/// stable package, no web host (see ARCHITECTURE.md).
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly MetricServer _server;

    private MetricsEndpoint(MetricServer server) => _server = server;

    /// <param name="host">The address to listen on; null: every interface.</param>
    /// <exception cref="System.Net.HttpListenerException">The port cannot be listened on.</exception>
    public static MetricsEndpoint Start(string? host, int port)
    {
        var server = new MetricServer(host ?? "+", port);
        server.Start();
        return new MetricsEndpoint(server);
    }

    public void Dispose() => _server.Dispose();
}
