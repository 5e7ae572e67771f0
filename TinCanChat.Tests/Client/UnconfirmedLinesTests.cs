using TinCanChat.Client;

namespace TinCanChat.Tests.Client;

public class UnconfirmedLinesTests
{
    [Test]
    public void ChatLinesCount_UntilTheRoomSendsThemBack_CommandsNever()
    {
        var lines = new UnconfirmedLines();
        lines.Sent("one");
        lines.Sent("/who");
        lines.Sent("/me waves");
        lines.Sent("//slash");
        lines.Sent("two");

        lines.Received("alice: one");
        lines.Received("* alice waves");
        Assert.That(lines.Count, Is.EqualTo(2), "//slash and two are still on their way");

        lines.Received("bob: unrelated");
        lines.Received("alice: /slash");
        Assert.That(lines.Count, Is.EqualTo(1));
        Assert.That(lines.Clear(), Is.EqualTo(1));
        Assert.That(lines.Count, Is.Zero);
    }

    [Test]
    public void ALaterLineComingBack_ConfirmsTheOnesBeforeIt()
    {
        var lines = new UnconfirmedLines();
        lines.Sent("refused by the server as too long");
        lines.Sent("after it");

        lines.Received("alice: after it");

        Assert.That(lines.Count, Is.Zero);
    }
}
