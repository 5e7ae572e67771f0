namespace TinCanChat.Tests.Support;

/// <summary>Counts this process's threads from /proc, including the session threads by name.</summary>
internal static class ThreadCensus
{
    private const string TaskDirectory = "/proc/self/task";

    public static int All => Directory.GetDirectories(TaskDirectory).Length;

    /// <summary>Threads named "recv …" or "send …" by the server's sessions (Linux keeps 15 characters).</summary>
    public static int Sessions => Directory.GetDirectories(TaskDirectory).Count(IsSessionThread);

    private static bool IsSessionThread(string task)
    {
        try
        {
            var name = File.ReadAllText(Path.Combine(task, "comm"));
            return name.StartsWith("recv ", StringComparison.Ordinal) || name.StartsWith("send ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            // The thread ended between listing and reading.
            return false;
        }
    }
}
