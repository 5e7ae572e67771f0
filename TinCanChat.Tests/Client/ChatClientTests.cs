using Moq;
using TinCanChat.Client;
using TinCanChat.Client.Display;
using TinCanChat.Common.Protocol;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Client;

public class ChatClientTests
{
    [Test]
    public void Run_UserTypesQ_SendsWhatCameBeforeShutsDownAndExitsZero()
    {
        using var connection = new FakeConnection();
        var console = ScriptedConsole("hello", "", "q", "never sent");

        var code = new ChatClient(connection, console.Object).Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero);
            Assert.That(connection.Sent, Is.EqualTo(new[] { "hello" }), "empty lines are not sent, nothing after q is");
            Assert.That(connection.ShutDown, Is.True);
        }

        console.Verify(c => c.ShowStatus(It.IsAny<string>()), Times.Never);
    }

    [Test]
    public void Run_EndOfInput_SendsEverythingTypedAndExitsZero()
    {
        using var connection = new FakeConnection();
        var console = ScriptedConsole("one", "two");

        var code = new ChatClient(connection, console.Object).Run();

        Assert.That((code, connection.ShutDown), Is.EqualTo((0, true)));
        Assert.That(connection.Sent, Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Run_ServerCloses_ReportsItOnStatusAndExitsNonZero()
    {
        using var connection = new FakeConnection();
        connection.Deliver(DecodedFrame.Message("bye \u001b[2J"));
        connection.PeerCloses();
        var console = new Mock<IChatConsole>();
        var typing = new ManualResetEventSlim();
        console.Setup(c => c.ReadLine()).Returns(() =>
        {
            typing.Wait();
            return null;
        });

        var code = new ChatClient(connection, console.Object).Run();
        typing.Set();

        Assert.That(code, Is.Not.Zero);
        console.Verify(c => c.ShowMessage("bye ^[[2J", It.IsAny<LineInfo>()), Times.Once);
        console.Verify(c => c.ShowStatus(ChatClient.ServerClosed), Times.Once);
    }

    [TestCase("* alice joined (1 online)", true, TestName = "AScreenThatWantsIds_AsksForThem_OnceTheServersOwnNoticeShowsItIsOneOfOurs")]
    [TestCase("('127.0.0.1', 5000): hi", false, TestName = "AScreenThatWantsIds_NeverAsksAServerThatOnlyRelays")]
    public void AScreenThatWantsIds_AsksOnlyAServerThatKnowsCommands(string first, bool asks)
    {
        using var connection = new FakeConnection();
        connection.Deliver(DecodedFrame.Message(first));
        connection.Deliver(DecodedFrame.Message("* bob joined (2 online)"));
        connection.PeerCloses();
        var console = new Mock<IChatConsole>();
        console.Setup(c => c.WantsLineIds).Returns(true);
        var typing = new ManualResetEventSlim();
        console.Setup(c => c.ReadLine()).Returns(() =>
        {
            typing.Wait();
            return null;
        });

        new ChatClient(connection, console.Object).Run();
        typing.Set();

        Assert.That(connection.Sent.Count(line => line == "/cap ids"), Is.EqualTo(asks ? 1 : 0));
    }

    [Test]
    public void Run_WithTimestamps_PrefixesEachShownMessageWithTheLocalTime()
    {
        using var connection = new FakeConnection();
        connection.Deliver(DecodedFrame.Message("bob: hi"));
        using var shownOnce = new ManualResetEventSlim();
        var shown = new List<string>();
        var console = new Mock<IChatConsole>();
        console.Setup(c => c.ShowMessage(It.IsAny<string>(), It.IsAny<LineInfo>())).Callback<string, LineInfo>((line, _) =>
        {
            shown.Add(line);
            shownOnce.Set();
        });

        // The user types nothing until the message is on screen, then ends input.
        console.Setup(c => c.ReadLine()).Returns(() =>
        {
            shownOnce.Wait(TimeSpan.FromSeconds(15));
            return null;
        });

        new ChatClient(connection, console.Object, timestamps: true).Run();

        Assert.That(shown, Has.One.Matches(@"^\[\d{2}:\d{2}:\d{2}\] bob: hi$"));
    }

    private static Mock<IChatConsole> ScriptedConsole(params string[] lines)
    {
        var script = new Queue<string>(lines);
        var console = new Mock<IChatConsole>();
        console.Setup(c => c.ReadLine()).Returns(() => script.TryDequeue(out var line) ? line : null);
        return console;
    }
}
