using System.Net;
using TinCanChat.Server.Admission;

namespace TinCanChat.Tests.Server;

public class RefusalLogTests
{
    private static readonly IPAddress Flooder = IPAddress.Parse("192.0.2.7");

    [Test]
    public void OneLinePerAddressPerMinute_TheNextOneSaysHowManyWereLeftOut()
    {
        var log = new RefusalLog();

        Assert.That(log.ShouldLog(Flooder, 0, out var unlogged), Is.True);
        Assert.That(unlogged, Is.Zero);
        var within = Enumerable.Range(1, 999).Count(i => log.ShouldLog(Flooder, i * 50, out _));
        Assert.That(within, Is.Zero, "a thousand refusals within the minute: no more lines");
        Assert.That(log.ShouldLog(IPAddress.Parse("192.0.2.8"), 100, out _), Is.True, "another address has its own line");

        Assert.That(log.ShouldLog(Flooder, 60_000, out unlogged), Is.True);
        Assert.That(unlogged, Is.EqualTo(999));
    }
}
