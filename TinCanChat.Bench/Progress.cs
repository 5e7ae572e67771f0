using System.Diagnostics;

namespace TinCanChat.Bench;

/// <summary>Progress for long runs, on stderr and at most twice a second, so stdout holds only results.</summary>
internal static class Progress
{
    private static readonly Stopwatch SinceLast = Stopwatch.StartNew();

    public static void Report(string what)
    {
        if (SinceLast.ElapsedMilliseconds >= 500)
        {
            SinceLast.Restart();
            Console.Error.WriteLine($"  ... {what}");
        }
    }
}
