using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class ThreadLifetimeTests
{
    [Test]
    public void ConnectDisconnectCycles_AfterClientsLeave_ThreadCountReturnsToBaseline()
    {
        const int Workers = 6;
        const int CyclesPerWorker = 50;
        using var server = TestServer.Start();
        using (server.Join())
        {
            // Warm up once so lazily created runtime threads count in the baseline.
        }

        Assert.That(() => ThreadCensus.Sessions, Is.Zero.After(15000, 20));
        var baseline = ThreadCensus.All;
        var peakSessionThreads = 0;

        var workers = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            for (var i = 0; i < CyclesPerWorker; i++)
            {
                var client = server.Join();
                if (w == 0 && i == CyclesPerWorker / 2)
                {
                    peakSessionThreads = ThreadCensus.Sessions;
                }

                if (i % 3 == 0)
                {
                    client.Reset();
                }

                client.Dispose();
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => Assert.That(t.Join(TimeSpan.FromSeconds(120)), Is.True));

        Assert.That(peakSessionThreads, Is.GreaterThan(0), "the census must see session threads while clients are connected");
        Assert.That(() => server.Server.SessionCount, Is.Zero.After(15000, 20));
        Assert.That(() => ThreadCensus.Sessions, Is.Zero.After(15000, 20), "every session's two threads end");
        // A few pool threads may linger from timers and the test's own work; sessions' would be hundreds.
        Assert.That(() => ThreadCensus.All, Is.LessThanOrEqualTo(baseline + 8).After(30000, 50));
    }
}
