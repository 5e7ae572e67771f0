using Serilog;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Routing;

namespace TinCanChat.Server.Sessions;

/// <summary>What every session of one server shares.</summary>
internal sealed record SessionServices(
    IMessageRouter Router,
    ServerOptions Options,
    FlowGate Gate,
    ServerMetrics Metrics,
    TimeProvider Time,
    ILogger Log,
    DeferredWakes Deferred)
{
    /// <summary>What a reload changes for every session (starting from <see cref="Options"/>).</summary>
    public SessionLimits Limits { get; } = new(Options.RateLimit, Options.SlowReaderTimeout);
}
