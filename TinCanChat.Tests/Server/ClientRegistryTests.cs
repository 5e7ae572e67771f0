using System.Collections.Concurrent;
using Moq;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Server;

public class ClientRegistryTests
{
    private static readonly byte[] Frame = [0x68, 0x69, 0x00];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public void Broadcast_ToRegisteredClients_EnqueuesTheSameFrameForEach()
    {
        var registry = new ClientRegistry();
        var clients = Enumerable.Range(0, 3).Select(_ => AddAccepting(registry)).ToList();

        registry.Broadcast(Frame);

        foreach (var client in clients)
        {
            client.Verify(c => c.TryEnqueue(Frame), Times.Once);
            client.Verify(c => c.Close(It.IsAny<CloseReason>()), Times.Never);
        }
    }

    [Test]
    public void Broadcast_AfterRemove_DoesNotReachTheRemovedClient()
    {
        var registry = new ClientRegistry();
        var staying = AddAccepting(registry);
        var leaving = AddAccepting(registry);

        registry.Remove(leaving.Object, notice: null);
        registry.Broadcast(Frame);

        using (Assert.EnterMultipleScope())
        {
            staying.Verify(c => c.TryEnqueue(Frame), Times.Once);
            leaving.Verify(c => c.TryEnqueue(Frame), Times.Never);
            Assert.That(registry.Count, Is.EqualTo(1));
        }
    }

    [Test]
    public void FlushAll_AfterArrivalsAndALeave_WakesExactlyTheClientsStillThere()
    {
        var registry = new ClientRegistry();
        var early = AddAccepting(registry);
        registry.FlushAll();
        var late = AddAccepting(registry);
        var leaving = AddAccepting(registry);
        registry.Remove(leaving.Object, notice: null);
        early.Invocations.Clear();

        registry.FlushAll();

        early.Verify(c => c.Flush(), Times.Once);
        late.Verify(c => c.Flush(), Times.Once);
        leaving.Verify(c => c.Flush(), Times.Never);
    }

    [Test]
    public void FlushAll_WhenNothingWasQueuedSinceTheLastFlush_WakesNoOne()
    {
        var registry = new ClientRegistry();
        var present = AddAccepting(registry);
        registry.FlushAll();
        var silent = Accepting();
        registry.Add(silent.Object, _ => null);
        present.Invocations.Clear();

        registry.FlushAll();

        present.Verify(c => c.Flush(), Times.Never);
        silent.Verify(c => c.Flush(), Times.Never);
    }

    [Test]
    public void Add_WithNotice_QueuesItWithoutWakingAnyone()
    {
        var registry = new ClientRegistry();
        var present = AddAccepting(registry);
        var joining = Accepting();

        registry.Add(joining.Object, _ => Frame);

        present.Verify(c => c.TryEnqueue(Frame), Times.Once);
        present.Verify(c => c.Flush(), Times.Never);
        joining.Verify(c => c.Flush(), Times.Never);
    }

    [Test]
    public void Broadcast_WhenOneOutboxIsFull_ClosesThatClientOnlyAsSlowReader()
    {
        var registry = new ClientRegistry();
        var fast = AddAccepting(registry);
        var slow = Accepting();
        registry.Add(slow.Object, _ => [0x00]);
        slow.Setup(c => c.TryEnqueue(Frame)).Returns(false);

        registry.Broadcast(Frame);

        slow.Verify(c => c.Close(CloseReason.SlowReader), Times.Once);
        fast.Verify(c => c.TryEnqueue(Frame), Times.Once);
        fast.Verify(c => c.Close(It.IsAny<CloseReason>()), Times.Never);
    }

    [Test]
    public void Add_NoticeIsBuiltFromTheNewCountAndReachesEveryoneIncludingTheNewcomer()
    {
        var registry = new ClientRegistry();
        var first = AddAccepting(registry);
        var counts = new List<int>();
        byte[] notice = [0x2A, 0x00];
        var second = Accepting();

        registry.Add(second.Object, count =>
        {
            counts.Add(count);
            return notice;
        });

        Assert.That(counts, Is.EqualTo(new[] { 2 }));
        first.Verify(c => c.TryEnqueue(notice), Times.Once);
        second.Verify(c => c.TryEnqueue(notice), Times.Once);
    }

    [Test]
    public void Remove_WithNotice_TellsTheOthersTheRemainingCount()
    {
        var registry = new ClientRegistry();
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
        staying.Verify(c => c.TryEnqueue(notice), Times.Once);
        leaving.Verify(c => c.TryEnqueue(notice), Times.Never);
    }

    [Test]
    public void Broadcast_FromConcurrentBroadcasters_EveryClientGetsTheSameOrderAndEachSendersOrder()
    {
        const int Broadcasters = 4;
        const int PerBroadcaster = 2000;
        var registry = new ClientRegistry();
        var queues = Enumerable.Range(0, 5).Select(_ => new ConcurrentQueue<byte[]>()).ToList();
        foreach (var queue in queues)
        {
            var client = new Mock<IClientSession>();
            client.Setup(c => c.TryEnqueue(It.IsAny<byte[]>())).Callback<byte[]>(queue.Enqueue).Returns(true);
            registry.Add(client.Object, _ => []);
        }

        queues.ForEach(q => q.Clear());

        // Frame = [broadcaster, sequence high byte, sequence low byte].
        var threads = Enumerable.Range(0, Broadcasters).Select(b => new Thread(() =>
        {
            for (var i = 0; i < PerBroadcaster; i++)
            {
                registry.Broadcast([(byte)b, (byte)(i >> 8), (byte)i]);
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

    private static Mock<IClientSession> AddAccepting(ClientRegistry registry)
    {
        var client = Accepting();
        registry.Add(client.Object, _ => [0x00]);
        return client;
    }

    /// <summary>A session whose outbox always has room.</summary>
    private static Mock<IClientSession> Accepting()
    {
        var client = new Mock<IClientSession>();
        client.Setup(c => c.TryEnqueue(It.IsAny<byte[]>())).Returns(true);
        return client;
    }
}
