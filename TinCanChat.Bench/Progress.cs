using System.Diagnostics;

namespace TinCanChat.Bench;

/// <summary>Progress for long runs, on stderr and at most twice a second, so stdout holds only results.</summary>
internal static class Progress
{
    private static readonly Stopwatch SinceLast = Stopwatch.StartNew();

    /// <summary>Set by the test suite, where progress lines would read like results.</summary>
    public static bool Quiet { get; set; }

    public static void Report(string what)
    {
        if (!Quiet && SinceLast.ElapsedMilliseconds >= 500)
        {
            SinceLast.Restart();
            Console.Error.WriteLine($"  ... {what}");
        }
    }
}
