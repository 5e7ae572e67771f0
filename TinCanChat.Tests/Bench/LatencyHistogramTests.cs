using TinCanChat.Bench;

namespace TinCanChat.Tests.Bench;

public class LatencyHistogramTests
{
    [Test]
    public void Percentile_OfOneToTenThousandMicroseconds_IsWithinTwoPercent()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 10_000; us++)
        {
            histogram.Record(us);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(histogram.Percentile(50), Is.EqualTo(5000).Within(2).Percent);
            Assert.That(histogram.Percentile(99), Is.EqualTo(9900).Within(2).Percent);
            Assert.That(histogram.Max, Is.EqualTo(10_000));
            Assert.That(histogram.Count(), Is.EqualTo(10_000));
        }
    }

    [Test]
    public void Buckets_AreContiguousAndBoundsCoverTheirValues()
    {
        for (long value = 0; value < 1_000_000; value += 7)
        {
            var index = LatencyHistogram.IndexOf(value);
            Assert.That(LatencyHistogram.UpperBound(index), Is.GreaterThanOrEqualTo(value));
            Assert.That(index == 0 || LatencyHistogram.UpperBound(index - 1) < value, Is.True, $"value {value}");
        }
    }
}
