using System.Text;
using TinCanChat.Common.Protocol;
using TinCanChat.Server;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

public class FaultTests
{
    [Test]
    public void SlowReader_NeverReads_OthersGetEveryMessageAndItIsDisconnected()
    {
        const int Messages = 5000;
        const int Window = 50;
        using var server = TestServer.Start(new ServerOptions { OutboxCapacity = 200 });
        using var sender = server.Join();
        using var receiver = server.Join();
        using var stalled = RawClient.Connect(server.Port, read: false);
        receiver.WaitForJoinOf(stalled);

        // Big enough that the stalled client's socket buffers fill after a few thousand messages.
        var payload = new string('x', 2000);
        var got = new List<string>(Messages);
        var notices = new List<string>();
        for (var i = 0; i < Messages; i += Window)
        {
            // The receiver keeps up window by window, so only the stalled client falls behind.
            for (var j = i; j < i + Window; j++)
            {
                sender.Send($"{j} {payload}");
            }

            got.AddRange(receiver.NextChat(Window, notices));

            // The sender reads its own broadcasts too; keeping it caught up means only the
            // stalled client can fall behind, however loaded the machine is.
            sender.NextChat(Window);
        }

        var expected = Enumerable.Range(0, Messages).Select(i => $"{sender.Label}: {i} {payload}");
        Assert.That(got, Is.EqualTo(expected), "the stalled client must not cost anyone a message");
        Assert.That(notices, Has.One.StartsWith($"* {stalled.Label} left: too slow"), "the stalled client was dropped, and everyone was told");
        Assert.That(() => server.Server.SessionCount, Is.EqualTo(2).After(15000, 20));
    }

    [Test]
    public void SlowReader_ThatResumesReading_IsToldWhyItWasDisconnected()
    {
        // A long close deadline, so the told-why line is not cut short on a loaded machine.
        using var server = TestServer.Start(new ServerOptions { OutboxCapacity = 50, CloseDeadline = TimeSpan.FromSeconds(30) });
        using var sender = server.Join();
        using var paused = RawClient.Connect(server.Port, read: false);
        sender.WaitForJoinOf(paused);
        var payload = new string('x', 4000);
        var notices = new List<string>();

        for (var i = 0; !notices.Any(n => n.StartsWith($"* {paused.Label} left", StringComparison.Ordinal)); i++)
        {
            Assert.That(i, Is.LessThan(20_000), "the paused client should have been dropped long ago");
            sender.Send(payload);
            sender.NextChat(1, notices);
        }

        paused.StartReading();

        Assert.That(paused.ReadToClose()[^1], Does.StartWith("* error: disconnected because you were not reading"));
    }

    [Test]
    public void Oversized_InEchoMode_SenderGetsErrorAndIsDisconnected()
    {
        using var server = TestServer.Start(new ServerOptions { Echo = true, MaxMessageBytes = 100 });
        using var sender = server.Connect();
        sender.Send("fits");

        sender.SendBytes(Encoding.UTF8.GetBytes(new string('y', 500)));

        Assert.That(sender.ReadToClose(), Is.EqualTo(new[] { "fits", "* error: message exceeds 100 bytes" }));
    }

    [Test]
    public void Oversized_MessageBeyondTheLimit_SenderGetsErrorAndIsDisconnected()
    {
        using var server = TestServer.Start(new ServerOptions { MaxMessageBytes = 1024 });
        using var witness = server.Join();
        using var sender = server.Join();

        sender.SendBytes(Encoding.UTF8.GetBytes(new string('x', 5000)));

        Assert.That(sender.ReadToClose(), Does.Contain("* error: message exceeds 1024 bytes"));
        Assert.That(
            witness.NextMatching(line => line.StartsWith($"* {sender.Label} left", StringComparison.Ordinal)),
            Does.Contain("too long"));
    }

    [Test]
    public void InvalidUtf8_SenderGetsErrorNothingIsBroadcastAndTheConnectionStays()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        using var sender = server.Join();
        witness.WaitForJoinOf(sender);

        sender.SendBytes([0x68, 0xC3, 0x28, 0x00]);
        sender.Send("valid after invalid");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sender.Next(), Is.EqualTo(ServerNotices.InvalidUtf8));
            Assert.That(sender.Next(), Is.EqualTo($"{sender.Label}: valid after invalid"));
            Assert.That(witness.Next(), Is.EqualTo($"{sender.Label}: valid after invalid"));
        }
    }

    [Test]
    public void Reset_MidMessage_OthersSeeOnlyALeaveAndTheSessionEnds()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        var crashing = server.Join();
        witness.WaitForJoinOf(crashing);
        var label = crashing.Label;
        crashing.SendBytes(Encoding.UTF8.GetBytes("half a mess"));

        crashing.Reset();

        Assert.That(
            witness.Next(),
            Does.StartWith($"* {label} left: connection lost"));
        Assert.That(() => server.Server.SessionCount, Is.EqualTo(1).After(15000, 20));
        witness.Send("anyone?");
        Assert.That(witness.Next(), Is.EqualTo($"{witness.Label}: anyone?"));
    }

    [Test]
    public void HalfWrittenMessage_ThenOrderlyClose_IsNotBroadcast()
    {
        using var server = TestServer.Start();
        using var witness = server.Join();
        var leaving = server.Join();
        witness.WaitForJoinOf(leaving);
        var label = leaving.Label;
        leaving.SendBytes([.. FrameEncoder.Encode("whole"), .. Encoding.UTF8.GetBytes("half")]);

        leaving.Dispose();

        Assert.That(witness.Next(), Is.EqualTo($"{label}: whole"));
        Assert.That(witness.Next(), Is.EqualTo($"* {label} left: connection lost in the middle of a message (1 online)"));
    }
}
