using System.Text;
using Moq;
using TinCanChat.Server;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store.InProcess;

namespace TinCanChat.Tests.Server;

public class ChatRouterTests
{
    [Test]
    public void OnMessage_BroadcastsLabelAndTextToEveryoneIncludingTheSender()
    {
        var router = new ChatRouter(new InProcessChatStore(new RoomDirectory(MemoryHistoryStore.None, 0, new FlowGate(), new ServerMetrics(() => 0))));
        var sender = Session("127.0.0.1:1000");
        var other = Session("127.0.0.1:2000");
        router.OnJoined(sender.Object, new WakeBatch());
        router.OnJoined(other.Object, new WakeBatch());

        router.OnMessage(sender.Object, "brie", new WakeBatch());

        var frame = Encoding.UTF8.GetBytes("127.0.0.1:1000: brie\0");
        sender.Verify(s => s.Offer(frame), Times.Once);
        other.Verify(s => s.Offer(frame), Times.Once);
    }

    [Test]
    public void OnJoined_BeyondTheAnnounceLimit_NobodyIsToldAboutTheJoinOrTheLeave()
    {
        var router = new ChatRouter(new InProcessChatStore(new RoomDirectory(MemoryHistoryStore.None, 0, new FlowGate(), new ServerMetrics(() => 0))));
        var first = Session("127.0.0.1:1");
        router.OnJoined(first.Object, new WakeBatch());
        for (var i = 2; i <= ChatRouter.AnnounceLimit; i++)
        {
            router.OnJoined(Session($"127.0.0.1:{i}").Object, new WakeBatch());
        }

        first.Invocations.Clear();
        var crowd = Session("127.0.0.1:99999");
        router.OnJoined(crowd.Object, new WakeBatch());
        router.OnLeft(crowd.Object, CloseReason.PeerClosed);

        first.Verify(s => s.Offer(It.IsAny<byte[]>()), Times.Never);
    }

    [Test]
    public void OnLeft_WhileTheMembersOwnCommandIsHeldBack_ReturnsAtOnceAndTheLeaveFollowsTheCommand()
    {
        var gate = new FlowGate();
        var router = new ChatRouter(new InProcessChatStore(new RoomDirectory(MemoryHistoryStore.None, 0, gate, new ServerMetrics(() => 0))));
        var renaming = Session("127.0.0.1:1");
        var behind = Session("127.0.0.1:2");
        var received = new List<string>();
        behind.Setup(s => s.Offer(It.IsAny<byte[]>())).Callback<byte[]>(frame => { lock (received) { received.Add(Encoding.UTF8.GetString(frame).TrimEnd('\0')); } }).Returns(true);
        router.OnJoined(renaming.Object, new WakeBatch());
        router.OnJoined(behind.Object, new WakeBatch());
        var holdsBack = true;
        behind.Setup(s => s.HoldsBackSenders).Returns(() => Volatile.Read(ref holdsBack));
        gate.Behind();
        var command = new Thread(() => router.OnMessage(renaming.Object, "/nick alice", new WakeBatch()));
        command.Start();
        Assert.That(command.Join(300), Is.False, "the rename is held back, holding its member's lock");

        var leaving = new Thread(() => router.OnLeft(renaming.Object, CloseReason.ConnectionLost));
        leaving.Start();

        Assert.That(leaving.Join(TimeSpan.FromSeconds(15)), Is.True, "the leave did not wait for the lock");
        Volatile.Write(ref holdsBack, false);
        gate.CaughtUp();
        Assert.That(command.Join(TimeSpan.FromSeconds(15)), Is.True);
        lock (received)
        {
            Assert.That(received.Skip(1), Is.EqualTo(new[] { "* 127.0.0.1:1 is now known as alice", "* alice left: connection lost (1 online)" }));
        }
    }

    private static Mock<IClientSession> Session(string label)
    {
        var session = new Mock<IClientSession>();
        session.Setup(s => s.Label).Returns(label);
        session.Setup(s => s.Offer(It.IsAny<byte[]>())).Returns(true);
        return session;
    }
}
