using System.Text;
using Moq;
using TinCanChat.Server.Routing;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Server;

public class ChatRouterTests
{
    [Test]
    public void OnMessage_BroadcastsLabelAndTextToEveryoneIncludingTheSender()
    {
        var router = new ChatRouter(new ClientRegistry());
        var sender = Session("127.0.0.1:1000");
        var other = Session("127.0.0.1:2000");
        router.OnJoined(sender.Object);
        router.OnJoined(other.Object);

        router.OnMessage(sender.Object, "brie");

        var frame = Encoding.UTF8.GetBytes("127.0.0.1:1000: brie\0");
        sender.Verify(s => s.TryEnqueue(frame), Times.Once);
        other.Verify(s => s.TryEnqueue(frame), Times.Once);
    }

    [Test]
    public void OnJoined_BeyondTheAnnounceLimit_NobodyIsToldAboutTheJoinOrTheLeave()
    {
        var router = new ChatRouter(new ClientRegistry());
        var first = Session("127.0.0.1:1");
        router.OnJoined(first.Object);
        for (var i = 2; i <= ChatRouter.AnnounceLimit; i++)
        {
            router.OnJoined(Session($"127.0.0.1:{i}").Object);
        }

        first.Invocations.Clear();
        var crowd = Session("127.0.0.1:99999");
        router.OnJoined(crowd.Object);
        router.OnLeft(crowd.Object, CloseReason.PeerClosed);

        first.Verify(s => s.TryEnqueue(It.IsAny<byte[]>()), Times.Never);
    }

    private static Mock<IClientSession> Session(string label)
    {
        var session = new Mock<IClientSession>();
        session.Setup(s => s.Label).Returns(label);
        session.Setup(s => s.TryEnqueue(It.IsAny<byte[]>())).Returns(true);
        return session;
    }
}
