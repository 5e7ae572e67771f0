using System.Text.RegularExpressions;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §11: ids on request, and resuming a room without gap or duplicate.</summary>
public partial class ResumeTests
{
    [Test]
    public void CapIds_ChatAndPrivateLinesComeWithRoomIdAndTime_NoticesAndPlainClientsUnchanged()
    {
        using var server = TestServer.Start();
        using var plain = server.Join();
        using var withIds = server.Join();
        withIds.Send("/cap ids");
        Assert.That(withIds.Next(), Is.EqualTo("* capabilities: ids (#lobby at 0)"), "nothing said in the lobby yet");
        withIds.Send("/nick ida");
        withIds.NextMatching(line => line.EndsWith("is now known as ida", StringComparison.Ordinal));

        plain.Send("one");
        plain.Send("two");
        plain.Send("/msg ida psst");

        var first = IdPrefix().Match(withIds.NextChat(1)[0]);
        var second = IdPrefix().Match(withIds.NextChat(1)[0]);
        var whisper = IdPrefix().Match(withIds.NextChat(1)[0]);
        Assert.That(first.Success && second.Success && whisper.Success, Is.True, "every chat line and private line is prefixed");
        Assert.That((first.Groups["room"].Value, first.Groups["text"].Value), Is.EqualTo(("#lobby", $"{plain.Label}: one")));
        Assert.That(long.Parse(second.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(long.Parse(first.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1));
        Assert.That(long.Parse(first.Groups["time"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60_000));
        Assert.That((whisper.Groups["room"].Value, whisper.Groups["text"].Value), Is.EqualTo(("~", $"{plain.Label} -> ida: psst")));
        Assert.That(plain.NextChat(3), Is.EqualTo(new[] { $"{plain.Label}: one", $"{plain.Label}: two", $"{plain.Label} -> ida: psst" }), "a plain client sees nothing new");
    }

    [Test]
    public void Resume_AfterAReconnect_GetsExactlyTheMissedLines_ThenLiveOnes()
    {
        using var server = TestServer.Start(new ServerOptions { History = 2 });
        using var talker = server.Join();
        long lastSeen;
        using (var before = server.Join())
        {
            before.Send("/cap ids");
            before.NextMatching(line => line.StartsWith("* capabilities: ids", StringComparison.Ordinal));
            talker.Send("seen");
            lastSeen = long.Parse(IdPrefix().Match(before.NextChat(1)[0]).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var i = 1; i <= 5; i++)
        {
            talker.Send($"missed {i}");
        }

        talker.NextChat(6);
        using var after = server.Connect();
        after.Send("/cap ids");
        after.Send($"/resume #lobby {lastSeen}");

        // Entering replayed the last two (before /cap ids was read, so without ids); the resume
        // block brings every line after the one seen, with ids, in order.
        var resumed = new List<string>();
        var blocks = 0;
        while (blocks < 2)
        {
            var line = after.Next();
            blocks += line == "* end of history" ? 1 : 0;
            if (IdPrefix().Match(line) is { Success: true } withId)
            {
                resumed.Add(withId.Groups["text"].Value[(talker.Label.Length + 2)..]);
            }
        }

        talker.Send("live");
        Assert.That(resumed, Is.EqualTo(new[] { "missed 1", "missed 2", "missed 3", "missed 4", "missed 5" }), "every line after the one seen, once each, in order");
        Assert.That(IdPrefix().Match(after.NextChat(1)[0]).Groups["text"].Value, Is.EqualTo($"{talker.Label}: live"), "then live ones, with ids");
    }

    [Test]
    public void Resume_ARoomOneIsNotIn_MovesThere_AndSaysWhatIsNoLongerKept()
    {
        using var server = TestServer.Start(new ServerOptions { HistoryKeep = 2 });
        using var talker = server.Join();
        talker.Send("/join dev");
        talker.NextMatching(line => line == $"* {talker.Label} joined #dev");
        for (var i = 1; i <= 5; i++)
        {
            talker.Send($"dev {i}");
        }

        talker.NextChat(5);
        using var returning = server.Join();

        returning.Send("/resume #dev 0");

        Assert.That(returning.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: 3 older lines are no longer kept"));
        Assert.That(returning.Next(), Is.EqualTo("* history of #dev:"));
        Assert.That(returning.NextChat(2), Is.EqualTo(new[] { $"{talker.Label}: dev 4", $"{talker.Label}: dev 5" }));
        Assert.That(returning.Next(), Is.EqualTo("* end of history"));
        Assert.That(talker.NextMatching(line => line.Contains("joined #dev", StringComparison.Ordinal)), Is.EqualTo($"* {returning.Label} joined #dev"));
    }

    [GeneratedRegex(@"^@(?<room>[^:]+):(?<id>\d+):(?<time>\d+) (?<text>.*)$")]
    private static partial Regex IdPrefix();
}
