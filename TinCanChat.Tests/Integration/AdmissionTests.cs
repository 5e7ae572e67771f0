using System.Diagnostics;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §3 and §4: who is let in, and what a refused or failed start leaves behind.</summary>
public class AdmissionTests
{
    [Test]
    public void MaxPerAddress_WithNoExemption_RefusesTheThirdFromOneAddressUntilOneLeaves()
    {
        using var server = TestServer.Start(new ServerOptions { MaxPerAddress = 2, Exempt = [] });
        using var first = server.Join();
        var second = server.Join();

        using (var third = server.Connect())
        {
            Assert.That(third.ReadToClose(), Is.EqualTo(new[] { ServerNotices.TooManyFromAddress }));
        }

        second.Dispose();
        first.NextMatching(line => line.StartsWith($"* {second.Label} left", StringComparison.Ordinal));
        using var fourth = server.Join();
        Assert.That(server.Server.ConnectedCount, Is.EqualTo(2));
    }

    [Test]
    public void MaxPerAddress_LoopbackIsExemptByDefault()
    {
        using var server = TestServer.Start(new ServerOptions { MaxPerAddress = 1 });
        using var first = server.Join();

        using var second = server.Join();

        first.WaitForJoinOf(second);
    }

    [Test]
    public void MaxClients_JoinRightAfterALeaveNotice_IsAdmitted()
    {
        using var server = TestServer.Start(new ServerOptions { MaxClients = 2 });
        using var staying = server.Join();
        for (var i = 0; i < 20; i++)
        {
            var leaving = server.Join();
            leaving.Dispose();
            staying.NextMatching(line => line.StartsWith($"* {leaving.Label} left", StringComparison.Ordinal));

            using var next = server.Connect();
            Assert.That(next.Next(), Is.EqualTo($"* {next.Label} joined (2 online)"), $"round {i}");
        }
    }

    [TestCase(3, TestName = "ThreadStartFails_SendThread_ClientIsToldServerFullAndNothingStays")]
    [TestCase(4, TestName = "ThreadStartFails_ReceiveThread_ClientIsToldServerFullAndNothingStays")]
    public void ThreadStartFails(int failingStart)
    {
        var starts = 0;
        var server = TestServer.Start(startThread: thread =>
        {
            if (Interlocked.Increment(ref starts) == failingStart)
            {
#pragma warning disable CA2201 // What Thread.Start throws when the OS has no thread left to give.
                throw new OutOfMemoryException("no threads left (test)");
#pragma warning restore CA2201
            }

            thread.Start();
        });
        using var first = server.Join();

        using (var refused = server.Connect())
        {
            Assert.That(refused.ReadToClose(), Is.EqualTo(new[] { ServerNotices.Full }));
        }

        using var third = server.Join();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Next(), Is.EqualTo($"* {third.Label} joined (2 online)"), "the refused client was never counted nor announced");
            Assert.That(server.Server.ConnectedCount, Is.EqualTo(2));
            Assert.That(() => server.Server.SessionCount, Is.EqualTo(2).After(15000, 20));
        }

        Assert.That(server.Dispose, Throws.Nothing);
        Assert.That(first.ReadToClose()[^1], Is.EqualTo(ServerNotices.ShuttingDown));
    }

    [Test]
    public void Full_TheOldestConnectionThatNeverSpokeGivesItsPlace_AndIsToldWhy()
    {
        using var server = TestServer.Start(new ServerOptions { MaxClients = 3, FirstLineTimeout = TimeSpan.FromSeconds(1) });
        using var talker = server.Join();
        talker.Send("I speak, so I stay");
        talker.NextChat(1);
        using var lurker = server.Join();
        using var younger = server.Join();
        var lurkerSilent = Stopwatch.StartNew();

        // Not before the timeout: a newcomer is refused while everyone is still new.
        using (var early = server.Connect())
        {
            Assert.That(early.ReadToClose(), Is.EqualTo(new[] { ServerNotices.Full }));
        }

        Assert.That(lurkerSilent.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "the machine was too slow for this test's first step");
        using var newcomer = JoinOnceAdmitted(server);

        Assert.That(lurker.ReadToClose()[^1], Does.Contain("server is full and you had not sent anything"));
        talker.NextMatching(line => line.StartsWith($"* {lurker.Label} left", StringComparison.Ordinal));
        talker.WaitForJoinOf(newcomer);
        Assert.That(younger.IsClosed, Is.False, "only the oldest silent one made room");
    }

    // Connects until admitted (the silent ones become old enough to make room), with a deadline.
    private static RawClient JoinOnceAdmitted(TestServer server)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var client = server.Connect();
            var first = client.Next();
            if (first.StartsWith($"* {client.Label} joined", StringComparison.Ordinal))
            {
                return client;
            }

            client.Dispose();
            Assert.That(deadline.Elapsed, Is.LessThan(RawClient.Patience), $"never admitted: {first}");
        }
    }
}
