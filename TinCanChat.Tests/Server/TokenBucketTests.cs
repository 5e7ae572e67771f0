using TinCanChat.Server.Flow;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server;

public class TokenBucketTests
{
    [Test]
    public void Take_BurstOfN_ThenWaitsForTheNextToken()
    {
        var time = new ManualClock();
        var bucket = new TokenBucket(50, time);

        var burst = Enumerable.Range(0, 50).Select(_ => bucket.Take()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(burst, Is.All.EqualTo(TimeSpan.Zero), "a burst of N goes through at once");
            Assert.That(bucket.Take(), Is.EqualTo(TimeSpan.FromMilliseconds(20)).Within(TimeSpan.FromMilliseconds(1)));
        }
    }

    [Test]
    public void Take_AfterWaitingWhatItSaid_GetsAToken()
    {
        var time = new ManualClock();
        var bucket = new TokenBucket(10, time);
        TakeBurst(bucket, 10);

        var wait = bucket.Take();
        time.Advance(wait);

        Assert.That(bucket.Take(), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Take_AHairBeforeTheNextToken_SaysWaitRatherThanLettingOneThrough()
    {
        var time = new ManualClock();
        var bucket = new TokenBucket(50, time);
        TakeBurst(bucket, 50);

        time.Advance(bucket.Take() - TimeSpan.FromTicks(1));

        Assert.That(bucket.Take(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void Take_AfterALongPause_RefillsOnlyUpToTheBurst()
    {
        var time = new ManualClock();
        var bucket = new TokenBucket(5, time);
        TakeBurst(bucket, 5);

        time.Advance(TimeSpan.FromMinutes(1));
        var taken = 0;
        while (bucket.Take() == TimeSpan.Zero)
        {
            taken++;
        }

        Assert.That(taken, Is.EqualTo(5));
    }

    [Test]
    public void Take_SustainedRate_IsNPerSecond()
    {
        var time = new ManualClock();
        var bucket = new TokenBucket(50, time);
        var taken = 0;
        var elapsed = TimeSpan.Zero;

        // Ten seconds of a sender that sleeps whenever it is told to.
        while (elapsed < TimeSpan.FromSeconds(10))
        {
            var wait = bucket.Take();
            if (wait == TimeSpan.Zero)
            {
                taken++;
            }
            else
            {
                time.Advance(wait);
                elapsed += wait;
            }
        }

        Assert.That(taken, Is.InRange(549, 551), "the burst of 50, then 50 a second");
    }

    private static void TakeBurst(TokenBucket bucket, int tokens)
    {
        for (var i = 0; i < tokens; i++)
        {
            Assert.That(bucket.Take(), Is.EqualTo(TimeSpan.Zero));
        }
    }
}
