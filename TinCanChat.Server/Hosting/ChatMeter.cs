using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// The instruments recorded deep in the chat and the stores, where no <see cref="ServerMetrics"/>
/// is at hand: one process-wide meter of the same name, so every reader (dotnet-counters,
/// <c>/metrics</c>) sees them with the others.
/// </summary>
internal static class ChatMeter
{
    private static readonly Meter Meter = new(ServerMetrics.MeterName);
    private static readonly Counter<long> LoginsFailed = Meter.CreateCounter<long>("tincanchat.logins.failed", "{login}", "Logins, password changes and unregistrations refused for a wrong password");
    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>("tincanchat.store.duration", "s", "Round trips to the store: SQLite transactions, Redis calls");

    public static void LoginFailed() => LoginsFailed.Add(1);

    /// <summary>Runs the call and records how long it took, as a round trip to <paramref name="store"/>.</summary>
    public static T Timed<T>(string store, Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return call();
        }
        finally
        {
            StoreDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("store", store));
        }
    }
}
