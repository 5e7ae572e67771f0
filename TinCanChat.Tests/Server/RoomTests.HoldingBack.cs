using Moq;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Server;

/// <summary>A room holding senders back for a member that still takes data, and only for it.</summary>
public partial class RoomTests
{
    [Test]
    public void Broadcast_WhileAReaderThatTakesDataIsBehind_WakesItAndQueuesNothingUntilItCatchesUp()
    {
        var gate = new FlowGate();
        var registry = NewRoom(gate);
        var other = AddAccepting(registry);
        var behind = AddAccepting(registry);
        var holdsBack = true;
        behind.Setup(c => c.HoldsBackSenders).Returns(() => Volatile.Read(ref holdsBack));
        gate.Behind();

        var broadcaster = new Thread(() => registry.Broadcast(Frame, Sender, new WakeBatch()));
        broadcaster.Start();

        Assert.That(broadcaster.Join(300), Is.False, "the sender is held back");
        using (Assert.EnterMultipleScope())
        {
            other.Verify(c => c.Offer(Frame), Times.Never);
            behind.Verify(c => c.Wake(), Times.AtLeastOnce, "the reader it waits for was woken to catch up");
        }

        Volatile.Write(ref holdsBack, false);
        gate.CaughtUp();

        Assert.That(broadcaster.Join(Patience), Is.True);
        using (Assert.EnterMultipleScope())
        {
            other.Verify(c => c.Offer(Frame), Times.Once);
            behind.Verify(c => c.Offer(Frame), Times.Once);
            behind.Verify(c => c.Close(It.IsAny<CloseReason>()), Times.Never);
        }
    }

    [Test]
    public void Broadcast_WhenTheReaderBehindTakesNoData_GoesOnAndDropsItOnceItsOutboxIsFull()
    {
        var gate = new FlowGate();
        var registry = NewRoom(gate);
        var other = AddAccepting(registry);
        var stuck = AddAccepting(registry);
        stuck.Setup(c => c.HoldsBackSenders).Returns(false);
        stuck.Setup(c => c.Offer(Frame)).Returns(false);
        gate.Behind();

        registry.Broadcast(Frame, Sender, new WakeBatch());

        other.Verify(c => c.Offer(Frame), Times.Once);
        stuck.Verify(c => c.Close(CloseReason.SlowReader), Times.Once);
    }

    [Test]
    public void Stop_ReleasesAHeldBackSenderAndQueuesNothingMore()
    {
        var gate = new FlowGate();
        var registry = NewRoom(gate);
        var behind = AddAccepting(registry);
        behind.Setup(c => c.HoldsBackSenders).Returns(true);
        gate.Behind();
        var broadcaster = new Thread(() => registry.Broadcast(Frame, Sender, new WakeBatch()));
        broadcaster.Start();

        registry.Stop();

        Assert.That(broadcaster.Join(Patience), Is.True);
        registry.Broadcast(Frame, Sender, new WakeBatch());
        behind.Verify(c => c.Offer(Frame), Times.Never);
    }

    [Test]
    public void Broadcast_ClosingAFullReaderAndWakingEveryone_HappenAfterTheRoomsLockIsReleased()
    {
        // As dotnet/runtime's DroppedDelegateCalledAfterLockReleased: from inside each callback,
        // another thread must be able to take the room's lock at once.
        var room = NewRoom();
        var full = AddAccepting(room);
        full.Setup(c => c.Offer(Frame)).Returns(false);
        var lockFreeInClose = false;
        var lockFreeInWake = false;
        full.Setup(c => c.Close(It.IsAny<CloseReason>())).Callback(() => lockFreeInClose = Task.Run(() => room.Count).Wait(Patience));
        full.Setup(c => c.Wake()).Callback(() => lockFreeInWake = Task.Run(() => room.Count).Wait(Patience));
        var batch = new WakeBatch();

        room.Broadcast(Frame, Sender, batch);
        batch.Complete();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lockFreeInClose, Is.True, "the full reader was closed outside the lock");
            Assert.That(lockFreeInWake, Is.True, "the readers were woken outside the lock");
        }
    }
}
