using TinCanChat.Server;
using TinCanChat.Server.Platform;

namespace TinCanChat.Tests.Server;

public class FutexHashTests
{
    [Test]
    public void SizeFor_WhereTheKernelHasAPrivateFutexHash_GivesAboutOneBucketPerClientThread()
    {
        Assume.That(FutexHash.Slots(), Is.Not.Null, "this kernel has no private futex hash (Linux before 6.16, or not Linux)");

        Assert.That(FutexHash.SizeFor(10_000), Is.True);

        // 20 000 client threads and a few of the server's own, rounded up to a power of two.
        Assert.That(FutexHash.Slots(), Is.EqualTo(32_768));
    }
}
