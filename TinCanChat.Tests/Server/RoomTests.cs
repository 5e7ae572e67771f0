using TinCanChat.Common.Protocol;
using System.Collections.Concurrent;
using Moq;
using TinCanChat.Server;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Server;

public partial class RoomTests
{
    private static readonly byte[] Frame = [0x68, 0x69, 0x00];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly IClientSession Sender = Mock.Of<IClientSession>();

    [Test]
    public void Broadcast_ToRegisteredClients_EnqueuesTheSameFrameForEach()
    {
        var registry = NewRoom();
        var clients = Enumerable.Range(0, 3).Select(_ => AddAccepting(registry)).ToList();

        registry.Broadcast(Frame, Sender, new WakeBatch());

        foreach (var client in clients)
        {
            client.Verify(c => c.Offer(Frame), Times.Once);
            client.Verify(c => c.Close(It.IsAny<CloseReason>()), Times.Never);
        }
    }

    [Test]
    public void Broadcast_AfterRemove_DoesNotReachTheRemovedClient()
    {
        var registry = NewRoom();
        var staying = AddAccepting(registry);
        var leaving = AddAccepting(registry);

        registry.Remove(leaving.Object, notice: null);
        registry.Broadcast(Frame, Sender, new WakeBatch());

        using (Assert.EnterMultipleScope())
        {
            staying.Verify(c => c.Offer(Frame), Times.Once);
            leaving.Verify(c => c.Offer(Frame), Times.Never);
            Assert.That(registry.Count, Is.EqualTo(1));
        }
    }

    [Test]
    public void Wake_AfterArrivalsAndALeave_WakesExactlyTheClientsStillThere()
    {
        var registry = NewRoom();
        var early = AddAccepting(registry);
        registry.Wake();
        var late = AddAccepting(registry);
        var leaving = AddAccepting(registry);
        registry.Remove(leaving.Object, notice: null);
        early.Invocations.Clear();

        registry.Wake();

        early.Verify(c => c.Wake(), Times.Once);
        late.Verify(c => c.Wake(), Times.Once);
        leaving.Verify(c => c.Wake(), Times.Never);
    }

    [Test]
    public void Wake_WhenNothingWasQueuedSinceTheLastWakeUp_WakesNoOne()
    {
        var registry = NewRoom();
        var present = AddAccepting(registry);
        registry.Wake();
        var silent = Accepting();
        registry.Add(silent.Object, _ => null, new WakeBatch(), out _);
        present.Invocations.Clear();

        registry.Wake();

        present.Verify(c => c.Wake(), Times.Never);
        silent.Verify(c => c.Wake(), Times.Never);
    }

    [Test]
    public void Add_WithNotice_QueuesItWithoutWakingAnyone()
    {
        var registry = NewRoom();
        var present = AddAccepting(registry);
        var joining = Accepting();

        registry.Add(joining.Object, _ => Frame, new WakeBatch(), out _);

        present.Verify(c => c.Offer(Frame), Times.Once);
        present.Verify(c => c.Wake(), Times.Never);
        joining.Verify(c => c.Wake(), Times.Never);
    }

    [Test]
    public void Broadcast_WhenOneOutboxIsFull_ClosesThatClientOnlyAsSlowReader()
    {
        var registry = NewRoom();
        var fast = AddAccepting(registry);
        var slow = Accepting();
        registry.Add(slow.Object, _ => [0x00], new WakeBatch(), out _);
        slow.Setup(c => c.Offer(Frame)).Returns(false);

        registry.Broadcast(Frame, Sender, new WakeBatch());

        slow.Verify(c => c.Close(CloseReason.SlowReader), Times.Once);
        fast.Verify(c => c.Offer(Frame), Times.Once);
        fast.Verify(c => c.Close(It.IsAny<CloseReason>()), Times.Never);
    }

    [Test]
    public void Add_NoticeIsBuiltFromTheNewCountAndReachesEveryoneIncludingTheNewcomer()
    {
        var registry = NewRoom();
        var first = AddAccepting(registry);
        var counts = new List<int>();
        byte[] notice = [0x2A, 0x00];
        var second = Accepting();

        registry.Add(second.Object, count =>
        {
            counts.Add(count);
            return notice;
        }, new WakeBatch(), out _);

        Assert.That(counts, Is.EqualTo(new[] { 2 }));
        first.Verify(c => c.Offer(notice), Times.Once);
        second.Verify(c => c.Offer(notice), Times.Once);
    }

    [Test]
    public void Remove_WithNotice_TellsTheOthersTheRemainingCount()
    {
        var registry = NewRoom();
        var staying = AddAccepting(registry);
        var leaving = AddAccepting(registry);
        byte[] notice = [0x2A, 0x00];
        var counts = new List<int>();

        registry.Remove(leaving.Object, count =>
        {
            counts.Add(count);
            return notice;
        });

        Assert.That(counts, Is.EqualTo(new[] { 1 }));
        staying.Verify(c => c.Offer(notice), Times.Once);
        leaving.Verify(c => c.Offer(notice), Times.Never);
    }

    [Test]
    public void Broadcast_FromConcurrentBroadcasters_EveryClientGetsTheSameOrderAndEachSendersOrder()
    {
        const int Broadcasters = 4;
        const int PerBroadcaster = 2000;
        var registry = NewRoom();
        var queues = Enumerable.Range(0, 5).Select(_ => new ConcurrentQueue<byte[]>()).ToList();
        foreach (var queue in queues)
        {
            var client = new Mock<IClientSession>();
            client.Setup(c => c.Offer(It.IsAny<byte[]>())).Callback<byte[]>(queue.Enqueue).Returns(true);
            registry.Add(client.Object, _ => [], new WakeBatch(), out _);
        }

        queues.ForEach(q => q.Clear());

        // Frame = [broadcaster, sequence high byte, sequence low byte].
        var threads = Enumerable.Range(0, Broadcasters).Select(b => new Thread(() =>
        {
            for (var i = 0; i < PerBroadcaster; i++)
            {
                registry.Broadcast([(byte)b, (byte)(i >> 8), (byte)i], Sender, new WakeBatch());
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.That(t.Join(Patience), Is.True));

        var first = queues[0].ToList();
        Assert.That(first, Has.Count.EqualTo(Broadcasters * PerBroadcaster));
        foreach (var queue in queues.Skip(1))
        {
            Assert.That(queue.ToList(), Is.EqualTo(first), "every client sees one global order");
        }

        for (var b = 0; b < Broadcasters; b++)
        {
            var sequence = first.Where(f => f[0] == b).Select(f => (f[1] << 8) | f[2]).ToList();
            Assert.That(sequence, Is.EqualTo(Enumerable.Range(0, PerBroadcaster)), $"broadcaster {b} keeps its order");
        }
    }

    [Test]
    public void Add_WithHistory_ReplaysTheLastLinesToTheNewcomerBeforeTheNotice()
    {
        var room = new Room("lobby", new MemoryHistoryStore(new HistoryLimits(100)), 2, new FlowGate(), new ServerMetrics(() => 0));
        var talker = AddAccepting(room);
        byte[][] lines = [[1, 0], [2, 0], [3, 0]];
        room.Say(lines, talker.Object, new WakeBatch());

        room.Broadcast([9, 0], talker.Object, new WakeBatch());
        var received = new List<byte[]>();
        var newcomer = new Mock<IClientSession>();
        newcomer.Setup(c => c.Offer(It.IsAny<byte[]>())).Callback<byte[]>(received.Add).Returns(true);
        byte[] notice = [7, 0];

        room.Add(newcomer.Object, _ => notice, new WakeBatch(), out var firstSeen);

        byte[] start = FrameEncoder.Encode("* history of #lobby:");
        byte[] end = FrameEncoder.Encode("* end of history");
        Assert.That(received, Is.EqualTo(new[] { start, lines[1], lines[2], end, notice }), "the last two chat lines between the markers, not the notice, then the join");
        Assert.That(firstSeen, Is.EqualTo(2), "the oldest line it got is the room's second");
    }

    private static Room NewRoom(FlowGate? gate = null) => new("lobby", MemoryHistoryStore.None, 0, gate ?? new FlowGate(), new ServerMetrics(() => 0));

    private static Mock<IClientSession> AddAccepting(Room registry)
    {
        var client = Accepting();
        registry.Add(client.Object, _ => [0x00], new WakeBatch(), out _);
        return client;
    }

    /// <summary>A session whose outbox always has room.</summary>
    private static Mock<IClientSession> Accepting()
    {
        var client = new Mock<IClientSession>();
        client.Setup(c => c.Offer(It.IsAny<byte[]>())).Returns(true);
        return client;
    }
}
