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

    [Test]
    public void RateLimitedMessages_AreCountedOnceEach_NotOncePerNap()
    {
        long paused = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName && instrument.Name == "tincanchat.reads.rate_limited")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref paused, value));
        listener.Start();
        using var server = TestServer.Start(new ServerOptions { RateLimit = 10 });
        using var flooder = server.Join();

        flooder.SendBytes(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"{i}\0"))));
        flooder.NextChat(40);

        Assert.That(Interlocked.Read(ref paused), Is.InRange(20, 30), "30 messages beyond the burst of 10 waited (fewer if a token was ready by then)");
    }
}
