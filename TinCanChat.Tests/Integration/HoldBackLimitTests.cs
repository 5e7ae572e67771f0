using System.Diagnostics;
using System.Text;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>
/// SPEC §4: a reader that keeps reading but slower than its room speaks holds the room back for
/// at most --max-hold within 30 s, and nothing else waits for it meanwhile.
/// </summary>
public class HoldBackLimitTests
{
    // 60 KB lines to a reader of a few hundred KB/s: behind (150 lines queued) within a second,
    // and caught up again (75) only some 20 s later; before --max-hold, the room was held all
    // that time, and newcomers with it.
    private const int LineBytes = 60_000;
    private const int Lines = 200;

    private static readonly ServerOptions Options = new() { OutboxCapacity = 300 };

    private static byte[] Paste() =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Lines).Select(i => $"{i} {new string('y', LineBytes)}\0")));

    [Test]
    public void SlowButReadingClient_IsDroppedAfterMaxHold_ToldWhy_AndTheRoomTalksAgain()
    {
        using var server = TestServer.Start(Options with { MaxHold = TimeSpan.FromSeconds(2) });
        using var observer = server.Join();
        using var slow = new TricklingClient(server.Port, bytesPerSecond: 400_000);
        using var paster = server.Join();
        observer.WaitForJoinOf(paster);

        paster.SendBytes(Paste());
        var left = observer.NextMatching(line => line.StartsWith($"* {slow.Label} left", StringComparison.Ordinal));

        Assert.That(left, Does.Contain("too slow"));
        Assert.That(slow.ReadToClose(RawClient.Patience)[^1], Does.Contain("not reading messages fast enough").And.Contain("2 s"));
        paster.Send("is anyone there?");
        observer.NextMatching(line => line == $"{paster.Label}: is anyone there?");
    }

    [Test]
    public void WhileARoomIsHeldBack_NewcomersAreAdmittedAndAnnounced_AndCommandsAnswered_AtOnce()
    {
        using var server = TestServer.Start(Options with { MaxHold = TimeSpan.FromSeconds(30) });
        using var observer = server.Join();
        using var slow = new TricklingClient(server.Port, bytesPerSecond: 250_000);
        using var paster = server.Join();
        observer.WaitForJoinOf(paster);
        paster.SendBytes(Paste());

        // Near 150 lines queued for the slow reader, which is then behind and holds the room back
        // (the paster is much faster than this thread).
        observer.NextMatching(line => line.StartsWith($"{paster.Label}: 145 ", StringComparison.Ordinal));
        var started = Stopwatch.StartNew();
        using var newcomer = server.Join();
        observer.NextMatching(line => line.StartsWith($"* {newcomer.Label} joined", StringComparison.Ordinal));
        newcomer.Send("/who");
        Assert.That(newcomer.NextMatching(line => line.StartsWith("* in #lobby", StringComparison.Ordinal)), Does.Contain(slow.Label));

        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "admission, the join notice and the reply waited for the held room");
    }

    [Test]
    public void ClientSendingTwentyThousandJoinsInOneWrite_WhileReading_IsNotDropped()
    {
        const int Joins = 20_000;
        using var server = TestServer.Start();
        using var client = server.Join();

        client.SendBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Joins).Select(i => $"/join room{i % 7}-{i / 7 % 3}\0")) + "/who\0"));

        var who = client.NextMatching(line => line.StartsWith("* in #", StringComparison.Ordinal) || line.Contains("disconnected", StringComparison.Ordinal));
        Assert.That(who, Does.StartWith($"* in #room{(Joins - 1) % 7}-{(Joins - 1) / 7 % 3} (1)"));
    }

    [Test]
    public void PrivateFloodAtASlowButReadingClient_HoldsTheFlooderBack_AndTheTargetIsNotDropped()
    {
        const int Messages = 3000;
        using var server = TestServer.Start(new ServerOptions { MaxHold = TimeSpan.FromSeconds(1) });
        using var target = new TricklingClient(server.Port, bytesPerSecond: 1_000_000);
        using var flooder = server.Join();
        target.Send("/nick target");
        flooder.NextMatching(line => line.EndsWith("is now known as target", StringComparison.Ordinal));
        var text = new string('m', 1000);

        flooder.SendBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Messages).Select(i => $"/msg target {i} {text}\0"))));
        flooder.NextMatching(line => line.StartsWith($"{flooder.Label} -> target: {Messages - 1} ", StringComparison.Ordinal));
        target.Send("/quit done");

        var got = target.ReadToClose(RawClient.Patience).Where(line => line.StartsWith($"{flooder.Label} -> target: ", StringComparison.Ordinal)).ToList();
        Assert.That(got.Select(line => line.Split(' ')[3]), Is.EqualTo(Enumerable.Range(0, Messages).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "every private line, in order: a target only its private senders wait for is not a room held back");
    }
}
