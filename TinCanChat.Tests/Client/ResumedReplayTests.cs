using TinCanChat.Client;

namespace TinCanChat.Tests.Client;

public class ResumedReplayTests
{
    [Test]
    public void WhileResuming_TheEntryReplayWithoutIdsIsDropped_AndTheResumeShown()
    {
        var replay = new ResumedReplay { Resuming = true };
        string[] received =
        [
            "* history of #lobby:", "bob: old", "bob: new", "* end of history",
            "* 127.0.0.1:5000 joined (2 online)",
            "* history of #lobby:", "@#lobby:7:1000 bob: new", "* end of history",
            "bob: live",
        ];

        var shown = received.SelectMany(replay.Pass).ToList();

        Assert.That(shown, Is.EqualTo(new[]
        {
            "* 127.0.0.1:5000 joined (2 online)",
            "* history of #lobby:", "@#lobby:7:1000 bob: new", "* end of history",
            "bob: live",
        }));
        Assert.That(replay.Resuming, Is.False);
    }

    [Test]
    public void LiveLinesBeforeTheResumeBlock_AreHeld_AndComeAfterIt()
    {
        var replay = new ResumedReplay { Resuming = true };
        string[] received =
        [
            "* 127.0.0.1:5000 joined (2 online)", "@#lobby:9:1000 bob: live",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 2", "* end of history",
            "@#lobby:10:1100 bob: later",
        ];

        Assert.That(received.SelectMany(replay.Pass), Is.EqualTo(new[]
        {
            "* 127.0.0.1:5000 joined (2 online)",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 2", "* end of history",
            "@#lobby:9:1000 bob: live", "@#lobby:10:1100 bob: later",
        }));
    }

    [Test]
    public void LiveLinesSentBeforeTheServerReadCapIds_HaveNoId_AndAreShownOnce_AfterTheMissedOnes()
    {
        var replay = new ResumedReplay { Resuming = true };
        string[] received =
        [
            "* 127.0.0.1:5000 joined (2 online)", "bob: live", "bob -> alice: psst", "bob: missed 1",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 1", "@#lobby:9:1000 bob: live", "* end of history",
        ];

        Assert.That(received.SelectMany(replay.Pass), Is.EqualTo(new[]
        {
            "* 127.0.0.1:5000 joined (2 online)",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 1", "@#lobby:9:1000 bob: live", "* end of history",
            "bob -> alice: psst",
        }));
    }

    [Test]
    public void AnErrorAboutTheNicknameSentBeforeTheResume_DoesNotEndResuming()
    {
        var replay = new ResumedReplay { Resuming = true };
        string[] received =
        [
            "* error: the nickname alice is taken", "* 127.0.0.1:5000 joined (3 online)", "bob: live",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:1000 bob: live", "* end of history",
        ];

        Assert.That(received.SelectMany(replay.Pass), Is.EqualTo(new[]
        {
            "* error: the nickname alice is taken", "* 127.0.0.1:5000 joined (3 online)",
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:1000 bob: live", "* end of history",
        }));
    }

    [Test]
    public void ResumeRefused_LinesWithoutIdsHeldMeanwhile_GoOutToo()
    {
        var replay = new ResumedReplay { Resuming = true };

        Assert.That(new[] { "bob: live", "* error: the chat network is unreachable, so you are still in #lobby; try again shortly" }.SelectMany(replay.Pass),
            Is.EqualTo(new[] { "* error: the chat network is unreachable, so you are still in #lobby; try again shortly", "bob: live" }));
    }

    [Test]
    public void ALiveLineQueuedInTheMiddleOfTheResumeBlock_ComesAfterTheMissedOnes()
    {
        var replay = new ResumedReplay { Resuming = true };
        string[] received = ["* history of #lobby:", "@#lobby:9:1000 bob: live", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 2", "* end of history"];

        Assert.That(received.SelectMany(replay.Pass), Is.EqualTo(new[]
        {
            "* history of #lobby:", "@#lobby:7:900 bob: missed 1", "@#lobby:8:900 bob: missed 2", "@#lobby:9:1000 bob: live", "* end of history",
        }));
    }

    [Test]
    public void ResumeRefused_TheHeldLinesGoOut()
    {
        var replay = new ResumedReplay { Resuming = true };

        Assert.That(new[] { "@#lobby:9:1000 bob: live", "* error: the chat network is unreachable, so you are still in #lobby; try again shortly" }.SelectMany(replay.Pass),
            Is.EqualTo(new[] { "* error: the chat network is unreachable, so you are still in #lobby; try again shortly", "@#lobby:9:1000 bob: live" }));
        Assert.That(replay.Resuming, Is.False);
    }

    [Test]
    public void NothingMissed_TheEmptyResumeBlockEndsResuming_AndShowsNothing()
    {
        var replay = new ResumedReplay { Resuming = true };

        Assert.That(new[] { "* history of #lobby:", "* end of history", "bob: live" }.SelectMany(replay.Pass), Is.EqualTo(new[] { "bob: live" }));
    }

    [Test]
    public void NotResuming_EveryLinePasses()
    {
        var replay = new ResumedReplay();

        Assert.That(new[] { "* history of #lobby:", "bob: old", "* end of history" }.SelectMany(replay.Pass).ToList(), Has.Count.EqualTo(3));
    }

    [Test]
    public void LineIds_AServerThatNumbersItsRoomAnew_IsFollowed_NotTakenForRepeats()
    {
        var ids = new LineIds();
        ids.Take("@#lobby:500:1 bob: before the restart");

        Assert.That(ids.Take("@#lobby:1:2 bob: after a restart that lost everything").Seen, Is.False, "a live line is never a repeat");
        Assert.That(ids.LastIn("lobby"), Is.EqualTo(1), "and resumes go on from the new numbering");
        ids.Take("@#lobby:1:2 bob: an older line replayed", LineKind.History);
        Assert.That(ids.LastIn("lobby"), Is.EqualTo(1));

        ids.Take("@#lobby:700:3 bob: later");
        ids.ResumedFrom("@#lobby:3:4 bob: replayed from the start by a server that lost everything again");
        Assert.That(ids.Take("@#lobby:3:4 bob: replayed from the start by a server that lost everything again", LineKind.Resumed).Seen, Is.False);
        Assert.That(ids.Take("@#lobby:3:4 bob: replayed from the start by a server that lost everything again", LineKind.Resumed).Seen, Is.True, "a repeat within a resume is one");
    }

    [Test]
    public void LineIds_ALineSeenAlready_IsSaidToBe_AndThePrefixIsTakenOff()
    {
        var ids = new LineIds();

        Assert.That(ids.Take("@#lobby:5:1764690000123 bob: hi"), Is.EqualTo(("bob: hi", (DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds(1764690000123), false, "#lobby")));
        Assert.That(ids.Take("@#lobby:5:1764690000123 bob: hi", LineKind.Resumed).Seen, Is.True);
        Assert.That(ids.Take("@#lobby:6:1764690000200 bob: again", LineKind.Resumed).Seen, Is.False);
        Assert.That(ids.Take("@~:1:1764690000300 bob -> ann: psst").Text, Is.EqualTo("bob -> ann: psst"));
        Assert.That(ids.Take("@notaprefix bob: hi").Text, Is.EqualTo("@notaprefix bob: hi"));
        Assert.That(ids.LastIn("lobby"), Is.EqualTo(6));
        Assert.That(ids.LastIn("#lobby"), Is.EqualTo(6));
        Assert.That(ids.LastIn("dev"), Is.Null);
        Assert.That(ids.TakeIdsOn("* capabilities: ids (#dev at 41)"), Is.True);
        Assert.That(ids.LastIn("dev"), Is.EqualTo(41), "what the room said before ids counts as seen");
        Assert.That(ids.TakeIdsOn("bob: * capabilities: ids"), Is.False);
    }
}
