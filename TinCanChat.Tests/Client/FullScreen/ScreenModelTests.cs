using TinCanChat.Client;
using TinCanChat.Client.Display;
using TinCanChat.Client.Display.FullScreen;

namespace TinCanChat.Tests.Client.FullScreen;

public class ScreenModelTests
{
    [Test]
    public void LinesGoToTheirRoomsWindow_AndAnotherWindowCountsWhatIsUnread()
    {
        var model = Arrived("alice");
        model.Add("* alice joined #dev", new LineInfo());

        model.Add("bob: in the lobby", new LineInfo("#lobby"));
        model.Add("bob: again", new LineInfo("#lobby"));
        model.Add("carol: in dev", new LineInfo("#dev"));

        Assert.That(model.Shown.Name, Is.EqualTo("#dev"), "joining shows the room's window");
        Assert.That(model.Window("#lobby")!.Lines.Select(line => line.Text), Does.Contain("bob: again"));
        Assert.That(model.Window("#lobby")!.Unread, Is.EqualTo(2));
        Assert.That(model.Window("#dev")!.Lines.Select(line => line.Text), Does.Contain("carol: in dev").And.No.Contain("bob: again"));
        Assert.That(ScreenRenderer.StatusBar(model), Does.Contain("1:#lobby(2)").And.Contain("[2:#dev]"));

        model.Show(1);
        Assert.That(model.Window("#lobby")!.Unread, Is.Zero, "shown, it is read");
    }

    [Test]
    public void ALineNamingTheUser_IsAMention_RingsAndMarksItsWindow_ButNotTheUsersOwnOrOldOnes()
    {
        var model = Arrived("alice");
        model.Add("* alice joined #dev", new LineInfo());

        Assert.That(model.Add("bob: Alice, look", new LineInfo("#lobby")), Is.True);
        Assert.That(model.Add("bob: malice is not a name", new LineInfo("#lobby")), Is.False, "a name inside a word is no mention");
        Assert.That(model.Add("alice: I am alice", new LineInfo("#dev")), Is.False, "the user's own line");
        Assert.That(model.Add("bob: alice, earlier", new LineInfo("#dev", LineKind.History)), Is.False, "replayed history");

        Assert.That(model.Window("#lobby")!.Mentioned, Is.True);
        Assert.That(ScreenRenderer.StatusBar(model), Does.Contain("1:#lobby(2)!"));
        Assert.That(model.Window("#lobby")!.Lines[^2].Style, Is.EqualTo(LineStyle.Mention));
        Assert.That(model.Window("#dev")!.Lines.Select(line => line.Style), Does.Contain(LineStyle.Own).And.Contain(LineStyle.History));
    }

    [Test]
    public void AGuestsLine_NamingTheUser_IsAMention()
    {
        var model = Arrived("alice");

        Assert.That(model.Add("127.0.0.1:5555: alice: lunch?", new LineInfo()), Is.True);
        Assert.That(model.Add("[::1]:5556: hello alice", new LineInfo()), Is.True);
        Assert.That(model.Shown.Lines[^1].Speaker, Is.EqualTo("[::1]:5556"));
    }

    [Test]
    public void PrivateMessages_HaveTheirOwnWindow_AndTheLastCorrespondentIsRemembered()
    {
        var model = Arrived("alice");

        Assert.That(model.Add("bob -> alice: psst", new LineInfo("~")), Is.True, "a private message rings");
        model.Add("alice -> carol: hi", new LineInfo());

        var window = model.Window(ScreenModel.PrivateWindow)!;
        Assert.That(window.Lines.Select(line => line.Text), Is.EqualTo(new[] { "bob -> alice: psst", "alice -> carol: hi" }));
        Assert.That(window.Lines.Select(line => line.Style), Has.All.EqualTo(LineStyle.Private));
        Assert.That(model.Correspondent, Is.EqualTo("carol"));
        Assert.That(model.Window("#lobby")!.Lines.Select(line => line.Text), Has.None.Contains("psst"));
    }

    [Test]
    public void LeavingARoom_ClosesItsWindow_AndShowsTheRoomLinesGoToNow()
    {
        var model = Arrived("alice");
        model.Add("* alice joined #dev", new LineInfo());
        model.Add("* alice joined #ops", new LineInfo());

        model.Add("* you left #ops; your lines go to #dev", new LineInfo());

        Assert.That(model.Windows.Select(window => window.Name), Is.EqualTo(new[] { "#lobby", "#dev" }));
        Assert.That(model.Shown.Name, Is.EqualTo("#dev"));
    }

    [Test]
    public void AReplay_GoesToTheWindowOfItsRoom_WithItsEndMarker()
    {
        var model = Arrived("alice");
        model.Add("* alice joined #dev", new LineInfo());
        model.Show(1);

        model.Add("* history of #dev:", new LineInfo());
        model.Add("bob: old", new LineInfo(Kind: LineKind.History, SaidAt: DateTimeOffset.UnixEpoch));
        model.Add("* end of history", new LineInfo());

        Assert.That(model.Window("#dev")!.Lines.Select(line => line.Text).TakeLast(3), Is.EqualTo(new[] { "* history of #dev:", "bob: old", "* end of history" }));
        Assert.That(model.Window("#dev")!.Lines[^2].SaidAt, Is.EqualTo(DateTimeOffset.UnixEpoch), "shown with the time it was said");
    }

    [Test]
    public void Scrolling_StaysPut_WhileNewLinesArrive()
    {
        var model = Arrived("alice");
        Enumerable.Range(0, 50).ToList().ForEach(i => model.Add($"bob: {i}", new LineInfo("#lobby")));

        model.Scroll(10);
        model.Add("bob: new", new LineInfo("#lobby"));

        Assert.That(model.Shown.ScrolledBack, Is.EqualTo(11));
        Assert.That(ScreenRenderer.StatusBar(model), Does.Contain("scrolled back"));
        model.Scroll(-100);
        Assert.That(model.Shown.ScrolledBack, Is.Zero);
    }

    [Test]
    public void ANoticeSeenInSeveralRooms_IsShownOnce()
    {
        var model = Arrived("alice");

        model.Add("* bob is now known as robert", new LineInfo());
        model.Add("* bob is now known as robert", new LineInfo());

        Assert.That(model.Shown.Lines.Count(line => line.Text == "* bob is now known as robert"), Is.EqualTo(1));
    }

    private static ScreenModel Arrived(string name)
    {
        var model = new ScreenModel();
        model.Add($"* {name} joined (1 online)", new LineInfo());
        Assert.That(model.Me, Is.EqualTo(name));
        return model;
    }
}
