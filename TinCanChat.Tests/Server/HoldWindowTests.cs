using TinCanChat.Server.Flow;

namespace TinCanChat.Tests.Server;

public class HoldWindowTests
{
    [Test]
    public void TimeBehindCountsWithinTheLast30Seconds_AndOlderTimeFallsOut()
    {
        var window = new HoldWindow();

        // Looked at every second, as the watchdog does (ten times a second, in fact): behind for
        // the first three seconds, then for one second at second 20, then never again.
        var held = new List<TimeSpan>();
        long total = 0;
        for (var second = 0; second <= 60; second++)
        {
            held.Add(window.Held(second * 1000L, total));
            total += second is < 3 or 20 ? 1000 : 0;
        }

        Assert.That(held[3], Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(held[21], Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(held[31], Is.EqualTo(TimeSpan.FromSeconds(2)), "the first second is older than 30 s now");
        Assert.That(held[33], Is.EqualTo(TimeSpan.FromSeconds(1)), "so are the first three");
        Assert.That(held[51], Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void ALongGapBetweenLooks_CountsOnlyWhatIsNew()
    {
        var window = new HoldWindow();
        window.Held(0, 10_000);

        Assert.That(window.Held(500_000, 12_000), Is.EqualTo(TimeSpan.Zero), "what accrued while nobody looked is not counted twice nor guessed");
        Assert.That(window.Held(501_000, 13_000), Is.EqualTo(TimeSpan.FromSeconds(1)));
    }
}
