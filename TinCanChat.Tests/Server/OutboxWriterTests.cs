using System.Text;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server;

/// <summary>A producer writing for an idle send thread: what the socket does not take is never lost or reordered.</summary>
public class OutboxWriterTests
{
    [Test]
    public void WriteWaitingNow_SocketTakesPartOfASecondLine_TheRestComesBackAsTheLeftover()
    {
        using var outbox = Filled("line one", "line two");
        var connection = new FakeConnection { TakesWithoutWaiting = 14 };

        var done = OutboxWriter.WriteWaitingNow(outbox, connection, out var leftover);

        Assert.That(done, Is.False, "the send thread has the rest to write");
        Assert.That(connection.Sent, Is.EqualTo(new[] { "line one" }));
        Assert.That(Encoding.UTF8.GetString(leftover!), Is.EqualTo("two\0"));
        Assert.That(outbox.Count, Is.Zero);
    }

    [Test]
    public void WriteWaitingNow_SocketTakesEverything_NothingIsLeftForTheSendThread()
    {
        using var outbox = Filled("a", "b", "c");
        var connection = new FakeConnection { TakesWithoutWaiting = 1000 };

        Assert.That(OutboxWriter.WriteWaitingNow(outbox, connection, out var leftover), Is.True);
        Assert.That(leftover, Is.Null);
        Assert.That(connection.Sent, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void WriteWaitingNow_AFrameLargerThanOneWrite_GoesWholeToTheSendThreadAfterThoseBeforeIt()
    {
        var large = new string('x', 100_000);
        using var outbox = Filled("small", large, "after");
        var connection = new FakeConnection { TakesWithoutWaiting = 1_000_000 };

        Assert.That(OutboxWriter.WriteWaitingNow(outbox, connection, out var leftover), Is.False);

        Assert.That(connection.Sent, Is.EqualTo(new[] { "small" }));
        Assert.That(leftover, Is.EqualTo(FrameEncoder.Encode(large)), "taken from the outbox, so it must come back whole");
        Assert.That(outbox.TryTake(out var next) ? Encoding.UTF8.GetString(next) : null, Is.EqualTo("after\0"), "still queued, behind it");
    }

    [Test]
    public void WriteWaitingNow_TheSocketFailed_EverythingTakenIsLeftForTheSendThread()
    {
        using var outbox = Filled("one", "two");
        var connection = new FakeConnection { TakesWithoutWaiting = 0 };

        Assert.That(OutboxWriter.WriteWaitingNow(outbox, connection, out var leftover), Is.False);
        Assert.That(Encoding.UTF8.GetString(leftover!), Is.EqualTo("one\0two\0"));
    }

    private static Outbox Filled(params string[] lines)
    {
        var outbox = new Outbox(capacity: 16, new FlowGate());
        foreach (var line in lines)
        {
            Assert.That(outbox.TryAdd(FrameEncoder.Encode(line), TimeSpan.Zero), Is.True);
        }

        return outbox;
    }
}
