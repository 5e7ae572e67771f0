using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

/// <summary>Telling a terminal's paste markers (ESC [200~ … ESC [201~) from keys the user typed.</summary>
public class PasteBracketsTests
{
    [Test]
    public void IsPasteStart_TheMarkerWaitingWhole_IsConsumed()
    {
        var terminal = new FakeTerminal();
        var keys = new PasteBrackets(terminal);
        terminal.Press(Keys.Escape);
        terminal.Type("[200~a");

        Assert.That(keys.IsPasteStart(keys.ReadKey()), Is.True);
        Assert.That(keys.ReadKey().KeyChar, Is.EqualTo('a'));
    }

    [Test]
    public void IsPasteStart_AnEscapeTypedAlone_IsNotHeldBack()
    {
        var terminal = new FakeTerminal();
        var keys = new PasteBrackets(terminal);
        terminal.Press(Keys.Escape);

        // Nothing behind it: answered at once, without waiting for more keys.
        Assert.That(keys.IsPasteStart(keys.ReadKey()), Is.False);
        Assert.That(keys.KeyAvailable, Is.False);
    }

    [Test]
    public void IsPasteStart_AnEscapeFollowedByOtherKeys_GivesThemBackInOrder()
    {
        var terminal = new FakeTerminal();
        var keys = new PasteBrackets(terminal);
        terminal.Press(Keys.Escape);
        terminal.Type("[20x!");

        Assert.That(keys.IsPasteStart(keys.ReadKey()), Is.False);
        Assert.That(Enumerable.Range(0, 5).Select(_ => keys.ReadKey().KeyChar), Is.EqualTo("[20x!"));
    }

    [Test]
    public void IsPasteEnd_OnlyTheEndMarker()
    {
        var terminal = new FakeTerminal();
        var keys = new PasteBrackets(terminal);
        terminal.Press(Keys.Escape);
        terminal.Type("[200~");
        terminal.Press(Keys.Escape);
        terminal.Type("[201~");

        Assert.That(keys.IsPasteEnd(keys.ReadKey()), Is.False, "a start marker is not an end");
        Assert.That(Enumerable.Range(0, 5).Select(_ => keys.ReadKey().KeyChar), Is.EqualTo("[200~"));
        Assert.That(keys.IsPasteEnd(keys.ReadKey()), Is.True);
    }
}
