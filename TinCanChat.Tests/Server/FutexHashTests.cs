using System.Runtime.InteropServices;
using TinCanChat.Server;

namespace TinCanChat.Tests.Server;

public class FutexHashTests
{
    private const int PrFutexHash = 78;
    private const int PrFutexHashGetSlots = 2;

    [Test]
    public void SizeFor_WhereTheKernelHasAPrivateFutexHash_GivesAboutOneBucketPerClientThread()
    {
        Assume.That(OperatingSystem.IsLinux(), "a Linux kernel feature");
        Assume.That(Prctl(PrFutexHash, PrFutexHashGetSlots, 0, 0, 0), Is.GreaterThanOrEqualTo(0), "this kernel has no private futex hash (before Linux 6.16)");

        Assert.That(FutexHash.SizeFor(10_000), Is.True);

        // 20 000 client threads and a few of the server's own, rounded up to a power of two.
        Assert.That(Prctl(PrFutexHash, PrFutexHashGetSlots, 0, 0, 0), Is.EqualTo(32_768));
    }

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
