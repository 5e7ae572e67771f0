using System.Diagnostics;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>A server or Redis going away while servers share a chat (SPEC §9).</summary>
public class ScaleOutFaultTests
{
    [Test]
    public void AKilledServersClients_LeaveEverywhereOnceWithin15Seconds_AndTheirNicknamesAreFree()
    {
        using var network = ServerNetwork.Start(3);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");
        using var cat = network.JoinAs(2, "cat");

        var killed = Stopwatch.StartNew();
        network.Kill(0);

        // Two survivors notice together; the leave is posted once.
        Assert.That(ben.NextMatching(line => line.StartsWith("* ann left", StringComparison.Ordinal)),
            Is.EqualTo("* ann left: its server stopped answering (2 online)"));
        Assert.That(killed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        cat.Send("/nick ann");
        Assert.That(cat.NextMatching(line => line.StartsWith("* cat", StringComparison.Ordinal)), Is.EqualTo("* cat is now known as ann"));
        var benSaw = new List<string>();
        while (benSaw.LastOrDefault() != "* cat is now known as ann")
        {
            benSaw.Add(ben.Next());
        }

        Assert.That(benSaw, Has.None.StartsWith("* ann left"), "no second leave notice");
        ben.Send("/who");
        Assert.That(ben.NextMatching(line => line.StartsWith("* in ", StringComparison.Ordinal)), Is.EqualTo("* in #lobby (2): ben, ann"));
    }

    [Test]
    public void RedisRestartedEmpty_ALineMeanwhileIsRefused_ThenChatResumesWithoutDuplicates()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");
        ann.Send("before");
        Assert.That(ben.NextChat(1), Is.EqualTo(new[] { "ann: before" }));
        Assert.That(ann.NextChat(1), Is.EqualTo(new[] { "ann: before" }));

        network.Redis.Kill();
        ann.Send("while Redis is down");
        // Unreachable, or (when the dying connection had taken it) that it may or may not have gone.
        Assert.That(ann.Next(), Does.StartWith("* error: the chat network "), "the line is answered, not lost silently");
        Assert.That(ann.IsClosed, Is.False);

        network.Redis.Restart();

        // Both servers reconnect by themselves (a connection and a subscription each); nobody restarts them.
        Assert.That(SpinWait.SpinUntil(() => network.Redis.ClientsNamed("tincanchat") >= 4, RawClient.Patience), Is.True, "the servers reconnect to Redis");

        // A connection is listed a moment before it takes commands: until then a line is refused,
        // each one answered; each try waits for its answer.
        var annSaw = new List<string>();
        Assert.That(
            SpinWait.SpinUntil(
                () =>
                {
                    ann.Send($"after {annSaw.Count}");
                    annSaw.Add(ann.Next());
                    return !annSaw[^1].StartsWith("* error: the chat network ", StringComparison.Ordinal);
                },
                RawClient.Patience),
            Is.True,
            "chat resumes by itself");
        Assert.That(annSaw[^1], Is.EqualTo($"ann: after {annSaw.Count - 1}"), "the empty Redis was noticed and filled again, and the line went through");

        ann.Send("last");
        Assert.That(ben.NextChat(2), Is.EqualTo(new[] { annSaw[^1], "ann: last" }), "ben gets the first line that went through, then the next, once each");
        Assert.That(ann.NextChat(1), Is.EqualTo(new[] { "ann: last" }));
        ben.Send("/who");
        // Both were put back at once, in whichever order their servers noticed the empty Redis.
        Assert.That(ben.NextMatching(line => line.StartsWith("* in ", StringComparison.Ordinal)), Is.EqualTo("* in #lobby (2): ann, ben").Or.EqualTo("* in #lobby (2): ben, ann"), "both servers put their members back");
    }

    [Test]
    public void RedisDown_MembersStayAndAreAnswered_ANewcomerIsToldWhyAndClosed()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");

        network.Redis.Kill();
        ann.Send("/who");
        Assert.That(ann.Next(), Does.StartWith("* error: the chat network is unreachable"));
        ann.Send("/nick anna");
        Assert.That(ann.Next(), Does.StartWith("* error: the chat network is unreachable"));

        using var newcomer = RawClient.Connect(network.Ports[1]);
        Assert.That(newcomer.ReadToClose(), Is.EqualTo(new[] { "* error: the chat network is unreachable; try again shortly" }));
        Assert.That(ann.IsClosed, Is.False);
    }

    [Test]
    public void AServerStopped_ItsClientsLeaveTheOthersWithANotice()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");

        network.Terminate(0);

        Assert.That(ann.ReadToClose()[^1], Is.EqualTo("* server shutting down"));
        Assert.That(ben.NextMatching(line => line.StartsWith("* ann", StringComparison.Ordinal)), Is.EqualTo("* ann left: server shutting down (1 online)"));
    }

    [Test]
    public void AServerThatHungIsGivenUpForDead_AndWhenItGoesOnItsClientsAreBackWithANotice()
    {
        using var network = ServerNetwork.Start(2);
        using var ann = network.JoinAs(0, "ann");
        using var ben = network.JoinAs(1, "ben");

        network.Signal(0, "STOP");
        try
        {
            Assert.That(ben.NextMatching(line => line.StartsWith("* ann", StringComparison.Ordinal)), Is.EqualTo("* ann left: its server stopped answering (1 online)"));
        }
        finally
        {
            network.Signal(0, "CONT");
        }

        Assert.That(ben.NextMatching(line => line.StartsWith("* ann", StringComparison.Ordinal)), Is.EqualTo("* ann joined (2 online)"));
        ann.Send("still here");
        Assert.That(ben.NextChat(1), Is.EqualTo(new[] { "ann: still here" }));
        var annNotices = new List<string>();
        Assert.That(ann.NextChat(1, annNotices), Is.EqualTo(new[] { "ann: still here" }));
        Assert.That(annNotices, Has.None.StartsWith("* ann "), "ann sees neither her leave nor her return");
        ben.Send("/nick ann");
        Assert.That(ben.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: the nickname ann is taken"), "her nickname is hers again");
    }
}
