using System.Runtime.InteropServices;

namespace TinCanChat.Server.Platform;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux's per-thread nice value): .NET's
/// <see cref="Thread.Priority"/> does nothing on Linux. Lowering needs no privilege; raising it
/// back would, so it is for threads that stay low.
/// </summary>
internal static class ThreadNiceness
{
    private const int PrioProcess = 0;

    /// <returns>False where it cannot be done (not Linux, or the call failed): the thread runs at the usual priority.</returns>
    public static bool Lower(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(PrioProcess, (uint)GetTid(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, uint who, int prio);
}
