using TinCanChat.Client;

namespace TinCanChat.Tests.Client;

public class ReconnectBackoffTests
{
    [Test]
    public void Next_StartsAtOneSecondDoublesAndNeverWaitsLongerThanThirty()
    {
        var backoff = new ReconnectBackoff(new Random(7));

        var pauses = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToList();

        double[] expected = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(pauses[i], Is.InRange(expected[i] * 0.9, expected[i]), $"pause {i + 1}");
        }
    }

    [Test]
    public void Reset_OnceTheServerTookTheClientBack_StartsAgainAtOneSecond()
    {
        var backoff = new ReconnectBackoff(new Random(7));
        Enumerable.Range(0, 4).ToList().ForEach(_ => backoff.Next());

        backoff.Reset();

        Assert.That(backoff.Next().TotalSeconds, Is.InRange(0.9, 1));
    }

    [Test]
    public void Next_TwoClientsDroppedTogether_DoNotComeBackInTheSameInstant()
    {
        var one = new ReconnectBackoff(new Random(1));
        var other = new ReconnectBackoff(new Random(2));

        Assert.That(one.Next(), Is.Not.EqualTo(other.Next()));
    }
}
