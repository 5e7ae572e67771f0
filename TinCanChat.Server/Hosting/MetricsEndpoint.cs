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
        // Store round trips take from a tenth of a millisecond (SQLite) to seconds (a Redis timeout).
        Metrics.ConfigureMeterAdapter(options => options.ResolveHistogramBuckets = _ => [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
        var server = new MetricServer(host ?? "+", port);
        server.Start();

        // prometheus-net starts reading the meters at its first collection: without this one, what
        // is counted before the first scrape would be lost.
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
        return new MetricsEndpoint(server);
    }

    public void Dispose() => _server.Dispose();
}
