using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

public class LineEditorTests
{
    [Test]
    public void Apply_TypedCharacters_AreInsertedAtTheCursor()
    {
        var editor = Type("helo");

        editor.Apply(Keys.Left);
        editor.Apply(Keys.Char('l'));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(editor.Text, Is.EqualTo("hello"));
            Assert.That(editor.Cursor, Is.EqualTo(4));
        }
    }

    [Test]
    public void Apply_Backspace_RemovesTheCharacterBeforeTheCursor()
    {
        var editor = Type("brie!");
        editor.Apply(Keys.Left);

        editor.Apply(Keys.Backspace);

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("bri!", 3)));
    }

    [Test]
    public void Apply_BackspaceAtStart_ChangesNothing()
    {
        var editor = Type("ab");
        editor.Apply(Keys.Home);

        var outcome = editor.Apply(Keys.Backspace);

        Assert.That((outcome, editor.Text, editor.Cursor), Is.EqualTo((EditOutcome.None, "ab", 0)));
    }

    [Test]
    public void Apply_HomeEndAndDelete_MoveAndEditAtBothEnds()
    {
        var editor = Type("brie");

        editor.Apply(Keys.Home);
        editor.Apply(Keys.Delete);
        editor.Apply(Keys.End);
        editor.Apply(Keys.Char('!'));

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("rie!", 4)));
    }

    [Test]
    public void Apply_RightAtEnd_StaysAtEnd()
    {
        var editor = Type("ab");

        var outcome = editor.Apply(Keys.Right);

        Assert.That((outcome, editor.Cursor), Is.EqualTo((EditOutcome.None, 2)));
    }

    [Test]
    public void Apply_Enter_SubmitsAndTakeLineStartsAfresh()
    {
        var editor = Type("send me");

        var outcome = editor.Apply(Keys.Enter);
        var line = editor.TakeLine();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(EditOutcome.Submitted));
            Assert.That(line, Is.EqualTo("send me"));
            Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("", 0)));
        }
    }

    [Test]
    public void Apply_CtrlD_EndsInputOnlyOnAnEmptyLine()
    {
        var editor = Type("x");

        var withText = editor.Apply(Keys.CtrlD);
        editor.Apply(Keys.Backspace);
        var empty = editor.Apply(Keys.CtrlD);

        Assert.That((withText, empty), Is.EqualTo((EditOutcome.None, EditOutcome.EndOfInput)));
    }

    private static LineEditor Type(string text)
    {
        var editor = new LineEditor();
        foreach (var c in text)
        {
            editor.Apply(Keys.Char(c));
        }

        return editor;
    }
}
