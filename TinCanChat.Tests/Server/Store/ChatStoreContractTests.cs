using System.Text.RegularExpressions;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Store;

/// <summary>
/// History, ids and resume (SPEC §11) as a client sees them, the same over every store: standalone
/// in memory and in SQLite, shared over the in-memory fake and over a real Redis.
/// </summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("fake")]
[TestFixture("redis")]
public partial class ChatStoreContractTests(string kind)
{
    [Test]
    public void CapIds_EveryChatLineAfterItCarriesItsRoomAnIncreasingIdAndItsTime()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "before");
        alice.WaitForLine("alice: before");

        chat.Send(alice, "/cap ids");
        var at = LastId(alice.WaitFor(lines => lines.Any(line => line.StartsWith("* capabilities: ids", StringComparison.Ordinal)), "the answer to /cap ids"));
        chat.Send(alice, "one", "two");

        var lines = alice.WaitFor(got => got.Any(line => line.EndsWith(" alice: two", StringComparison.Ordinal)), "alice: two");
        var ids = lines.Select(line => Prefixed().Match(line)).Where(match => match.Success).ToList();
        Assert.That(ids.Select(match => match.Groups["text"].Value), Is.EqualTo(new[] { "alice: one", "alice: two" }));
        Assert.That(ids.Select(match => long.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(new[] { at + 1, at + 2 }),
            "the ids go on from the one /cap ids named");
        Assert.That(long.Parse(ids[0].Groups["time"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60_000));
    }

    [Test]
    public void History_PagesBackBeforeTheOldestLineSeen_BetweenMarkers()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "1", "2", "3", "4", "5");
        alice.WaitForLine("alice: 5");
        var bob = chat.Join("bob");
        chat.Send(alice, "6");
        bob.WaitForLine("alice: 6");

        chat.Send(bob, "/history 2");
        chat.Send(bob, "/history 2");
        chat.Send(bob, "/history 2");
        chat.Send(bob, "/history 2");

        var lines = bob.WaitFor(got => got.Contains("* no older lines of #lobby are kept"), "the end of the history");
        Assert.That(lines.SkipWhile(line => line != "alice: 6").Skip(1), Is.EqualTo(new[]
        {
            "* history of #lobby:", "alice: 4", "alice: 5", "* end of history",
            "* history of #lobby:", "alice: 2", "alice: 3", "* end of history",
            "* history of #lobby:", "alice: 1", "* end of history",
            "* no older lines of #lobby are kept",
        }));
    }

    [Test]
    public void Entering_ReplaysTheLastLinesBetweenMarkers()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 2);
        var alice = chat.Join("alice");
        chat.Send(alice, "1", "2", "3");
        alice.WaitForLine("alice: 3");

        var bob = chat.Join("bob");
        chat.Send(alice, "4");

        var lines = bob.WaitFor(got => got.Contains("alice: 4"), "alice: 4");
        Assert.That(lines.Where(line => !line.Contains(" joined", StringComparison.Ordinal)), Is.EqualTo(new[] { "* history of #lobby:", "alice: 2", "alice: 3", "* end of history", "alice: 4" }));
    }

    [Test]
    public void Resume_InTheRoom_ReplaysEveryLineAfterTheId_WithIds()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "/cap ids");
        chat.Send(alice, "1", "2", "3");
        var three = IdOf(alice.WaitFor(got => got.Any(line => line.EndsWith(" alice: 3", StringComparison.Ordinal)), "alice: 3"), "alice: 1");

        var bob = chat.Join("bob");
        chat.Send(bob, "/cap ids", $"/resume #lobby {three}");

        var lines = bob.WaitFor(got => got.Contains("* end of history"), "the resumed lines");
        Assert.That(lines.SkipWhile(line => line != "* history of #lobby:").Select(WithoutId), Is.EqualTo(new[] { "* history of #lobby:", "alice: 2", "alice: 3", "* end of history" }));
    }

    [Test]
    public void Resume_IntoAnotherRoom_MovesThere_AndReplaysWhatItMissed_ThenLiveLines()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "/join dev", "/cap ids", "a", "b", "c");
        var first = IdOf(alice.WaitFor(got => got.Any(line => line.EndsWith(" alice: c", StringComparison.Ordinal)), "alice: c"), "alice: a");

        var bob = chat.Join("bob");
        chat.Send(bob, "/cap ids", $"/resume #dev {first}");
        bob.WaitForLine("* end of history");
        chat.Send(alice, "d");

        var lines = bob.WaitFor(got => got.Any(line => line.EndsWith(" alice: d", StringComparison.Ordinal)), "alice: d");
        Assert.That(lines.SkipWhile(line => line != "* history of #dev:").Select(WithoutId).Where(line => !line.StartsWith("* bob", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "* history of #dev:", "alice: b", "alice: c", "* end of history", "alice: d" }));
    }

    [Test]
    public void Resume_FromALineNoLongerKept_SaysHowManyAreGone_ThenReplaysWhatIsKept()
    {
        using var chat = new ChatStores(kind, keep: 3, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "/cap ids", "1");
        var one = IdOf(alice.WaitFor(got => got.Any(line => line.EndsWith(" alice: 1", StringComparison.Ordinal)), "alice: 1"), "alice: 1");
        chat.Send(alice, "2", "3", "4", "5", "6");
        alice.WaitFor(got => got.Any(line => line.EndsWith(" alice: 6", StringComparison.Ordinal)), "alice: 6");

        var bob = chat.Join("bob");
        chat.Send(bob, $"/resume #lobby {one}");

        var lines = bob.WaitFor(got => got.Contains("* end of history"), "the resumed lines");
        Assert.That(lines.SkipWhile(line => !line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "* error: 2 older lines are no longer kept", "* history of #lobby:", "alice: 4", "alice: 5", "alice: 6", "* end of history",
        }));
    }

    [Test]
    public void Resume_FromAnIdTheRoomHasNotReached_ReplaysAllThatIsKept()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        chat.Send(alice, "1", "2");
        alice.WaitForLine("alice: 2");

        // An id of an earlier numbering: the server (or Redis) lost its lines since.
        var bob = chat.Join("bob");
        chat.Send(bob, "/resume #lobby 999");

        var lines = bob.WaitFor(got => got.Contains("* end of history"), "the resumed lines");
        Assert.That(lines.SkipWhile(line => line != "* history of #lobby:"), Is.EqualTo(new[] { "* history of #lobby:", "alice: 1", "alice: 2", "* end of history" }));
    }

    [Test]
    public void LookAlikeNames_AreOneName_ForNicknamesAndRooms()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice-addr");
        chat.Send(alice, "/nick alice", "/join dev");
        alice.WaitForLine("* alice joined #dev");
        var mallory = chat.Join("mallory-addr");

        chat.Send(mallory, "/nick ＡＬＩＣＥ", "/nick \u0430lice", "/nick al\u200Bice", "/join ＤＥＶ", "/msg ａｌｉｃｅ hi");

        // With a shared store the join notice comes from the room's feed, after the replies.
        mallory.WaitFor(got => got.Contains("mallory-addr -> alice: hi") && got.Any(line => line.StartsWith("* mallory-addr joined #", StringComparison.Ordinal)), "the private line to alice and its own arrival in #dev");
        var errors = mallory.Lines.Where(line => line.StartsWith("* error", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors[0], Is.EqualTo("* error: the nickname alice is taken").Or.EqualTo("* error: the nickname ALICE is taken"));
        Assert.That(errors[1], Does.Contain("may hold only the letters a to z"));
        Assert.That(errors[2], Does.Contain("U+200B"));
        Assert.That(mallory.Lines, Has.Some.StartsWith("* mallory-addr joined #").And.Not.Contains("ＤＥＶ"), "ＤＥＶ is #dev, where alice is");
        alice.WaitForLine("mallory-addr -> alice: hi");
    }

    [Test]
    public void PrivateLines_CarryIdsToo_WithTildeAsTheirRoom()
    {
        using var chat = new ChatStores(kind, keep: 100, replay: 0);
        var alice = chat.Join("alice");
        var bob = chat.Join("bob-addr");
        chat.Send(bob, "/nick bob", "/cap ids");
        bob.WaitFor(got => got.Any(line => line.StartsWith("* capabilities: ids", StringComparison.Ordinal)), "ids on");

        chat.Send(alice, "/msg bob psst");

        var line = bob.WaitFor(got => got.Any(line => line.EndsWith("alice -> bob: psst", StringComparison.Ordinal)), "the private line")
            .Last(line => line.EndsWith("alice -> bob: psst", StringComparison.Ordinal));
        Assert.That(line, Does.Match(@"^@~:\d+:\d+ alice -> bob: psst$"));
        alice.WaitForLine("alice -> bob: psst");
    }

    private static long LastId(IReadOnlyList<string> lines) =>
        long.Parse(Regex.Match(lines.Last(line => line.StartsWith("* capabilities: ids", StringComparison.Ordinal)), @"at (\d+)\)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static long IdOf(IReadOnlyList<string> lines, string text) =>
        long.Parse(lines.Select(line => Prefixed().Match(line)).First(match => match.Success && match.Groups["text"].Value == text).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static string WithoutId(string line) => Prefixed().Match(line) is { Success: true } match ? match.Groups["text"].Value : line;

    [GeneratedRegex(@"^@(?<room>#\w+):(?<id>\d+):(?<time>\d+) (?<text>.*)$")]
    private static partial Regex Prefixed();
}
