namespace TinCanChat.Tests.Support;

/// <summary>
/// Chat between two reading clients until a third, which never reads, is dropped: one line at a
/// time, each read by the others before the next, so the stuck client's socket fills while its
/// outbox does not, and the slow-reader timeout is what must find it.
/// </summary>
internal static class SlowReaderDrive
{
    /// <summary>Returns the notice of the stuck client's leave; fails the test if it is not dropped in time.</summary>
    public static string UntilDropped(RawClient sender, RawClient receiver, string stuckLabel)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        var payload = new string('x', 4000);
        var notices = new List<string>();
        for (var sent = 0; !notices.Any(n => n.StartsWith($"* {stuckLabel} left", StringComparison.Ordinal)); sent++)
        {
            Assert.That(sent, Is.LessThan(20_000), "the stuck client should have been dropped long ago");
            sender.Send($"{sent} {payload}");
            Assert.That(receiver.NextChat(1, notices), Is.EqualTo(new[] { $"{sender.Label}: {sent} {payload}" }));
            sender.NextChat(1);
        }

        return notices.Single(n => n.Contains(stuckLabel, StringComparison.Ordinal));
    }
}
