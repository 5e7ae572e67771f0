using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>The meter an operator reads with dotnet-counters.</summary>
public class MetricsTests
{
    [Test]
    public void Meter_AfterTwoClientsChatAndAStrangerIsRefused_CountsWhatHappened()
    {
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = tags.Length == 0 ? instrument.Name : $"{instrument.Name}/{tags[0].Value}";
            totals.AddOrUpdate(key, value, (_, total) => instrument.Name == "tincanchat.clients.connected" ? value : total + value);
        });
        listener.Start();
        using var server = TestServer.Start(new ServerOptions { MaxClients = 2 });
        using var first = server.Join();
        using var second = server.Join();
        first.WaitForJoinOf(second);
        using (var refused = server.Connect())
        {
            refused.ReadToClose();
        }

        first.Send("counted");
        second.NextChat(1);
        first.NextChat(1);
        listener.RecordObservableInstruments();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(totals.GetValueOrDefault("tincanchat.clients.connected"), Is.EqualTo(2));
            Assert.That(totals.GetValueOrDefault("tincanchat.messages.received"), Is.EqualTo(1));
            Assert.That(totals.GetValueOrDefault("tincanchat.deliveries"), Is.EqualTo(2 + 3), "two deliveries of the line, three of the join notices");
            Assert.That(totals.GetValueOrDefault("tincanchat.connections.refused/server_full"), Is.EqualTo(1));
        }
    }
}
