using System.Collections.Concurrent;
using System.Net.Sockets;
using Moq;
using TinCanChat.Client;
using TinCanChat.Client.Display;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Client;

/// <summary>With <c>--reconnect</c>: refusals, a server not up yet, Enter while waiting, a nickname taken meanwhile.</summary>
public class ChatClientReconnectTests
{
    private static readonly TimeSpan Patience = RawClient.Patience;

    [Test]
    public void RefusedEachTime_ThePausesGrow_AndNoReconnectedIsShown()
    {
        var console = new RecordingConsole();
        var tries = 0;
        var thirdPause = new ManualResetEventSlim();

        // Each connect succeeds, and the server says it is full and closes: as a full server does.
        IMessageConnection Refusing()
        {
            if (Interlocked.Increment(ref tries) == 3)
            {
                thirdPause.Set();
            }

            var refused = new FakeConnection();
            refused.Deliver(DecodedFrame.Message("* error: server full"));
            refused.PeerCloses();
            return refused;
        }

        var client = new ChatClient(Refusing(), console, reconnect: Refusing);
        var running = Task.Run(client.Run);
        Assert.That(thirdPause.Wait(Patience), Is.True, "three tries");
        var pauses = console.WaitForStatuses(status => status.Contains("trying again in", StringComparison.Ordinal), 3);
        console.Type("q");
        running.Wait(Patience);

        var seconds = pauses.Select(status => double.Parse(status[(status.LastIndexOf("in ", StringComparison.Ordinal) + 3)..^2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(seconds, Is.Ordered.Ascending.And.Unique, string.Join(" | ", pauses));
        Assert.That(console.Statuses, Has.None.EqualTo("reconnected"));
    }

    [Test]
    public void ServerNotUpAtStart_KeepsTrying_AndArrivesUnderItsNickname()
    {
        var console = new RecordingConsole();
        using var up = new FakeConnection();
        var tries = 0;
        IMessageConnection NotYet() => Interlocked.Increment(ref tries) < 2
            ? throw new ConnectFailedException("Cannot connect: connection refused.", new SocketException((int)SocketError.ConnectionRefused))
            : up;

        var client = new ChatClient(connection: null, console, nick: "alice", reconnect: NotYet);
        var running = Task.Run(client.Run);
        up.Deliver(DecodedFrame.Message("* alice joined (1 online)"));
        console.WaitForStatuses(status => status == "connected", 1);
        console.Type("q");

        Assert.That(running.Wait(Patience), Is.True);
        Assert.That(up.Sent.Take(2), Is.EqualTo(new[] { "/cap ids", "/nick alice" }), "its opening lines, once");
        Assert.That(up.Sent.Count(line => line == "/nick alice"), Is.EqualTo(1));
    }

    [Test]
    public void EnterWhileWaiting_TriesAgainAtOnce_NotAfterThePause()
    {
        var console = new RecordingConsole();
        var tries = 0;
        var triedAgain = new ManualResetEventSlim();
        using var up = new FakeConnection();
        IMessageConnection Down()
        {
            var attempt = Interlocked.Increment(ref tries);
            if (attempt == 4)
            {
                triedAgain.Set();
                return up;
            }

            throw new ConnectFailedException("Cannot connect: connection refused.", new SocketException((int)SocketError.ConnectionRefused));
        }

        var client = new ChatClient(connection: null, console, reconnect: Down);
        var running = Task.Run(client.Run);

        // Three refused tries (about 1, 2 and 4 s apart); then, as the fourth pause (at least 7.2 s) begins, Enter.
        console.WaitForStatuses(status => status.StartsWith("trying again in", StringComparison.Ordinal), 4);
        console.Type("anyone there?");

        Assert.That(triedAgain.Wait(TimeSpan.FromSeconds(5)), Is.True, "the try comes at once, not at the end of the pause");
        console.Type("q");
        running.Wait(Patience);
    }

    [Test]
    public void NicknameTakenWhileAway_FallsBackToNameUnderscore_AndSaysSo()
    {
        var console = new RecordingConsole();
        using var first = new FakeConnection();
        using var second = new FakeConnection();
        second.Deliver(DecodedFrame.Message("* error: the nickname alice is taken"));
        var client = new ChatClient(first, console, nick: "alice", reconnect: () => second);
        var running = Task.Run(client.Run);

        first.PeerCloses();
        console.WaitForStatuses(status => status.Contains("alice_", StringComparison.Ordinal), 1);
        console.Type("q");
        running.Wait(Patience);

        Assert.That(second.Sent, Does.Contain("/nick alice_"));
        Assert.That(console.Statuses, Has.One.EqualTo("your nickname alice was taken while you were away; trying alice_ for now (/nick alice once it is free)"));
    }

    [Test]
    public void InSeveralRooms_AReconnectEntersEachAgain_ResumedWhereItStopped_AndLooksAtTheSameOne()
    {
        var console = new RecordingConsole { RoomsShown = (["#lobby", "#dev", "#ops"], "#dev") };
        using var first = new FakeConnection();
        using var second = new FakeConnection();
        first.Deliver(DecodedFrame.Message("@#lobby:5:1 bob: hi"));
        first.Deliver(DecodedFrame.Message("@#dev:9:1 carol: hello"));
        var client = new ChatClient(first, console, nick: "alice", reconnect: () => second);
        var running = Task.Run(client.Run);
        console.WaitForShown(2);

        first.PeerCloses();
        console.WaitForStatuses(status => status.Contains("trying again", StringComparison.Ordinal), 1);
        second.Deliver(DecodedFrame.Message("* capabilities: rooms (…)"));
        second.Deliver(DecodedFrame.Message("* alice joined (1 online)"));
        second.Deliver(DecodedFrame.Message("* your lines go to #dev"));
        second.Deliver(DecodedFrame.Message("* bob joined (2 online)"));
        console.WaitForStatuses(status => status == "reconnected", 1);
        Assert.That(() => console.Shown, Does.Contain("* bob joined (2 online)").After(5000, 10));
        console.Type("q");
        running.Wait(Patience);

        Assert.That(second.Sent.TakeWhile(line => line != "q"), Is.EqualTo(new[] { "/cap rooms", "/nick alice", "/resume #lobby 5", "/resume #dev 9", "/join #ops", "/focus #dev" }));
        Assert.That(console.Shown, Has.None.StartWith("* capabilities").And.None.StartWith("* your lines go to"), "the answers to what the client asked by itself");
    }

    /// <summary>A console whose typing the test drives and whose status lines it can wait for.</summary>
    private sealed class RecordingConsole : IChatConsole
    {
        private readonly BlockingCollection<string> _typed = [];
        private readonly BlockingCollection<string> _statuses = [];
        private readonly ConcurrentQueue<string> _all = new();
        private readonly ConcurrentQueue<string> _shown = new();

        public IReadOnlyList<string> Statuses => [.. _all];

        public void Type(string line) => _typed.Add(line);

        public List<string> WaitForStatuses(Func<string, bool> match, int count)
        {
            var found = new List<string>();
            while (found.Count < count)
            {
                Assert.That(_statuses.TryTake(out var status, Patience), Is.True, $"status lines so far: {string.Join(" | ", _all)}");
                if (match(status!))
                {
                    found.Add(status!);
                }
            }

            return found;
        }

        public string? ReadLine() => _typed.TryTake(out var line, Timeout.Infinite) ? line : null;

        public bool Restore(string line) => false;

        public (IReadOnlyList<string> Rooms, string? Shown) RoomsShown { get; init; } = ([], null);

        public IReadOnlyList<string> Shown => [.. _shown];

        public void WaitForShown(int count) => Assert.That(() => _shown.Count, Is.GreaterThanOrEqualTo(count).After((int)Patience.TotalMilliseconds, 10));

        public void ShowMessage(string text) => _shown.Enqueue(text);

        public void ShowStatus(string text)
        {
            _all.Enqueue(text);
            _statuses.Add(text);
        }

        public void Close()
        {
        }
    }
}
