using System.Diagnostics.Metrics;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// What an operator can watch while the server runs: the meter <c>TinCanChat.Server</c>, shown by
/// <c>dotnet-counters monitor -n TinCanChat.Server --counters TinCanChat.Server</c>. Counting
/// costs next to nothing while nobody listens.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "TinCanChat.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _slowReaderDisconnects;
    private readonly Counter<long> _sendersHeldBack;
    private readonly Counter<double> _heldBackSeconds;
    private readonly Counter<long> _rateLimitedPauses;
    private readonly Counter<long> _refusals;

    public ServerMetrics(Func<int> connectedClients)
    {
        _meter.CreateObservableUpDownCounter("tincanchat.clients.connected", () => (long)connectedClients(), "{client}", "Clients connected now");
        _messagesReceived = _meter.CreateCounter<long>("tincanchat.messages.received", "{message}", "Messages received from clients");
        _deliveries = _meter.CreateCounter<long>("tincanchat.deliveries", "{message}", "Messages queued for a client, one per recipient");
        _slowReaderDisconnects = _meter.CreateCounter<long>("tincanchat.slow_reader.disconnects", "{client}", "Clients disconnected because their socket took no data");
        _sendersHeldBack = _meter.CreateCounter<long>("tincanchat.senders.held_back", "{message}", "Messages whose sender waited for a reader to catch up");
        _heldBackSeconds = _meter.CreateCounter<double>("tincanchat.senders.held_back.time", "s", "Time senders spent waiting for readers to catch up");
        _rateLimitedPauses = _meter.CreateCounter<long>("tincanchat.reads.rate_limited", "{message}", "Messages whose reading waited for --rate-limit (one each, however long the wait)");
        _refusals = _meter.CreateCounter<long>("tincanchat.connections.refused", "{connection}", "Connections refused, by reason");
    }

    /// <summary>Rooms with members on this server, counted when read.</summary>
    public void ObserveRooms(Func<int> rooms) =>
        _meter.CreateObservableGauge("tincanchat.rooms", () => rooms(), "{room}", "Rooms with members on this server");

    /// <summary>The fullest outbox, read when the metrics are.</summary>
    public void ObserveOutboxes(Func<int> deepest) =>
        _meter.CreateObservableGauge("tincanchat.outbox.depth.max", () => deepest(), "{message}", "Messages waiting in the fullest client outbox");

    public void MessageReceived() => _messagesReceived.Add(1);

    public void Delivered(long recipients) => _deliveries.Add(recipients);

    public void SlowReaderDisconnected() => _slowReaderDisconnects.Add(1);

    public void SenderHeldBack(TimeSpan waited)
    {
        _sendersHeldBack.Add(1);
        _heldBackSeconds.Add(waited.TotalSeconds);
    }

    public void RateLimited() => _rateLimitedPauses.Add(1);

    public void Refused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
