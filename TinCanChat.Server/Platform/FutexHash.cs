using System.Numerics;
using System.Runtime.InteropServices;

namespace TinCanChat.Server.Platform;

/// <summary>
/// Sizes the kernel's futex hash table for this process. A thread asleep on a lock or event
/// (every idle send thread) waits in that table. Since Linux 6.16 a process gets a private one
/// sized by CPUs, not threads: 16 buckets on a 2-CPU machine, so with 20 000 client threads each
/// wake-up walked about 1 250 waiters under a spinlock, and admission fell below a hundred
/// clients per second.
/// </summary>
internal static class FutexHash
{
    private const int PrFutexHash = 78;
    private const int PrFutexHashSetSlots = 1;
    private const int PrFutexHashGetSlots = 2;

    // One bucket per thread is plenty; the cap keeps the table (64 bytes a bucket) at 4 MiB.
    private const int MaxSlots = 1 << 16;
    private const int ThreadsBesideClients = 64;

    /// <summary>
    /// Asks for about one bucket per thread that <paramref name="maxClients"/> clients need.
    /// False where the kernel has no private futex hash (before 6.16, or not Linux): nothing to size.
    /// </summary>
    public static bool SizeFor(int maxClients)
    {
        var threads = (2L * maxClients) + ThreadsBesideClients;
        var slots = BitOperations.RoundUpToPowerOf2((ulong)Math.Min(threads, MaxSlots));
        return Call(PrFutexHashSetSlots, (nuint)slots) == 0;
    }

    /// <summary>Buckets of this process's private futex hash (0: none yet); null where there is no such hash.</summary>
    public static int? Slots() => Call(PrFutexHashGetSlots, 0) is var slots and >= 0 ? slots : null;

    private static int Call(int operation, nuint slots)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        try
        {
            return Prctl(PrFutexHash, (nuint)operation, slots, 0, 0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
