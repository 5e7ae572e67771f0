using Moq;
using Serilog.Core;
using TinCanChat.Common.Protocol;
using TinCanChat.Server;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server;

/// <summary>The session layer over an in-memory connection, with the router mocked.</summary>
public class ClientSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Test]
    public void Close_FromTwoThreadsAtOnce_AnnouncesOneLeaveAndFreesOnePlace()
    {
        var router = Router();
        var connection = new FakeConnection();
        var leaving = 0;
        using var finished = new ManualResetEventSlim();
        var session = Start(router, connection, () => Interlocked.Increment(ref leaving), finished);
        using var start = new Barrier(2);
        var closers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            session.Close(CloseReason.ConnectionLost);
        })).ToList();

        closers.ForEach(thread => thread.Start());
        closers.ForEach(thread => thread.Join());

        Assert.That(finished.Wait(Patience), Is.True, "both threads ended");
        router.Verify(r => r.OnLeft(session, CloseReason.ConnectionLost), Times.Once);
        Assert.That(leaving, Is.EqualTo(1));
    }

    [Test]
    public void Receive_InvalidUtf8_RepliesWithAnErrorAndKeepsServing()
    {
        var router = Router();
        var connection = new FakeConnection();
        using var finished = new ManualResetEventSlim();
        var session = Start(router, connection, () => { }, finished);
        var routed = new ManualResetEventSlim();
        router.Setup(r => r.OnMessage(session, "still here", It.IsAny<WakeBatch>())).Callback(routed.Set);

        connection.Deliver(DecodedFrame.InvalidUtf8);
        connection.Deliver(DecodedFrame.Message("still here"));

        Assert.That(routed.Wait(Patience), Is.True, "the next message was routed");
        Assert.That(() => connection.Sent, Has.Member(ServerNotices.InvalidUtf8).After(15000, 20));
        router.Verify(r => r.OnLeft(It.IsAny<IClientSession>(), It.IsAny<CloseReason>()), Times.Never);
        connection.PeerCloses();
        Assert.That(finished.Wait(Patience), Is.True);
    }

    [Test]
    public void Admit_APeerThatSentALineAndClosedAtOnce_StillGetsItsEcho()
    {
        // The receive thread may end before Admit returns; the send thread must still run.
        for (var round = 0; round < 100; round++)
        {
            var router = Router();
            router.Setup(r => r.OnMessage(It.IsAny<IClientSession>(), It.IsAny<string>(), It.IsAny<WakeBatch>()))
                .Callback<IClientSession, string, WakeBatch>((session, text, batch) =>
                {
                    session.Reply(FrameEncoder.Encode(text));
                    batch.Include(session);
                });
            var connection = new FakeConnection();
            connection.Deliver(DecodedFrame.Message("hi"));
            connection.PeerCloses();
            using var finished = new ManualResetEventSlim();

            Start(router, connection, () => { }, finished);

            Assert.That(finished.Wait(Patience), Is.True);
            Assert.That(connection.Sent, Is.EqualTo(new[] { "hi" }), $"round {round}");
        }
    }

    [Test]
    public void Wake_WhileTheSendThreadSleeps_TheWakerWritesAndWhatTheSocketLeftGoesOutFirst()
    {
        // The socket takes 12 bytes at once: the first line (8 with its terminator) and a piece
        // of the second; the send thread must finish the second before writing the third.
        var connection = new FakeConnection { TakesWithoutWaiting = 12 };
        using var finished = new ManualResetEventSlim();
        var session = Start(Router(), connection, () => { }, finished);
        var said = new List<string>();
        var deadline = DateTime.UtcNow + Patience;
        while (connection.SentWithoutWaiting == 0 && DateTime.UtcNow < deadline)
        {
            // Written by the send thread until it sleeps; then by this thread, in its Wake.
            Say(session, said, $"line {said.Count,2}");
            Assert.That(SpinWait.SpinUntil(() => connection.Sent.Count == said.Count, Patience), Is.True, "each line out before the next");
        }

        Say(session, said, "the last");

        Assert.That(() => connection.Sent, Is.EqualTo(said).After(15000, 20));
        Assert.That(connection.SentWithoutWaiting, Is.EqualTo(12), "the waker wrote, up to what the socket took");
        connection.PeerCloses();
        Assert.That(finished.Wait(Patience), Is.True);
    }

    private static void Say(ClientSession session, List<string> said, string line)
    {
        said.Add(line);
        Assert.That(session.Offer(FrameEncoder.Encode(line)), Is.True);
        session.Wake();
    }

    private static Mock<IMessageRouter> Router()
    {
        var router = new Mock<IMessageRouter>();
        router.Setup(r => r.OnJoined(It.IsAny<IClientSession>(), It.IsAny<WakeBatch>())).Returns(true);
        return router;
    }

    private static ClientSession Start(Mock<IMessageRouter> router, FakeConnection connection, Action onLeaving, ManualResetEventSlim finished)
    {
        var options = new ServerOptions();
        var services = new SessionServices(router.Object, options, new FlowGate(), new ServerMetrics(() => 0), TimeProvider.System, Logger.None, new DeferredWakes());
        var session = new ClientSession("test:1", connection, services, _ => onLeaving(), _ => finished.Set());
        Assert.That(session.TryStart(thread => thread.Start()), Is.True);
        router.Object.OnJoined(session, new WakeBatch());
        session.Admit();
        return session;
    }
}
