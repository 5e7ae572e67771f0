using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

/// <summary>The editor on text as people see it, its history, word keys and completion.</summary>
public class LineEditorTextTests
{
    private const string Family = "👨‍👩‍👧‍👦";
    private const string AccentedE = "e\u0301";
    private const string Flag = "🇫🇷";

    [TestCase(Family, 2)]
    [TestCase(AccentedE, 1)]
    [TestCase("日", 2)]
    [TestCase(Flag, 2)]
    [TestCase("👍🏽", 2)]
    [TestCase("a", 1)]
    public void Width_OfOneCluster_IsTheCellsATerminalGivesIt(string cluster, int cells)
    {
        Assert.That(TextCells.Boundaries(cluster), Is.EqualTo(new[] { 0, cluster.Length }), "one cluster");
        Assert.That(TextCells.Width(cluster), Is.EqualTo(cells));
    }

    [TestCase(Family)]
    [TestCase(AccentedE)]
    [TestCase("日")]
    [TestCase(Flag)]
    public void Backspace_AfterACluster_RemovesItWhole(string cluster)
    {
        var editor = Type($"a{cluster}");

        editor.Apply(Keys.Backspace);

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("a", 1)));
    }

    [TestCase(Family)]
    [TestCase(AccentedE)]
    [TestCase(Flag)]
    public void LeftThenDelete_OnACluster_AreOneStepEach(string cluster)
    {
        var editor = Type($"{cluster}b");
        editor.Apply(Keys.Left);

        editor.Apply(Keys.Left);
        Assert.That(editor.Cursor, Is.Zero, "one Left crosses the whole cluster");
        editor.Apply(Keys.Delete);

        Assert.That(editor.Text, Is.EqualTo("b"));
    }

    [Test]
    public void Typing_AnEmojiAsTwoSurrogates_KeepsItWhole()
    {
        var editor = Type("日本語🧀");

        editor.Apply(Keys.Backspace);

        Assert.That(editor.Text, Is.EqualTo("日本語"), "no half emoji left behind");
    }

    [Test]
    public void CtrlW_AfterSpaces_DeletesTheWordBeforeThem()
    {
        var editor = Type("hello brave world  ");

        editor.Apply(Keys.Ctrl(ConsoleKey.W));

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("hello brave ", 12)));
    }

    [Test]
    public void CtrlW_AtTheStart_ChangesNothing()
    {
        var editor = Type("word");
        editor.Apply(Keys.Home);

        editor.Apply(Keys.Ctrl(ConsoleKey.W));

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("word", 0)));
    }

    [Test]
    public void CtrlK_DeletesToTheEnd_CtrlU_DeletesAll()
    {
        var editor = Type("keep this");
        editor.Apply(Keys.Left);
        editor.Apply(Keys.Left);
        editor.Apply(Keys.Left);
        editor.Apply(Keys.Left);

        editor.Apply(Keys.Ctrl(ConsoleKey.K));
        Assert.That(editor.Text, Is.EqualTo("keep "));

        editor.Apply(Keys.Ctrl(ConsoleKey.U));
        Assert.That((editor.Text, editor.Cursor), Is.EqualTo((string.Empty, 0)));
    }

    [Test]
    public void UpAndDown_WalkTheLinesSentAndComeBackToTheDraft()
    {
        var editor = new LineEditor();
        foreach (var line in (string[])["first", "second"])
        {
            TypeInto(editor, line);
            editor.TakeLine();
        }

        TypeInto(editor, "draft");

        editor.Apply(Keys.Up);
        Assert.That(editor.Text, Is.EqualTo("second"));
        editor.Apply(Keys.Up);
        Assert.That(editor.Text, Is.EqualTo("first"));
        editor.Apply(Keys.Up);
        Assert.That(editor.Text, Is.EqualTo("first"), "nothing older");
        editor.Apply(Keys.Down);
        editor.Apply(Keys.Down);
        Assert.That(editor.Text, Is.EqualTo("draft"));
    }

    [Test]
    public void Up_EditingARecalledLine_DoesNotChangeTheHistory()
    {
        var editor = new LineEditor();
        TypeInto(editor, "original");
        editor.TakeLine();
        editor.Apply(Keys.Up);
        TypeInto(editor, " edited");
        editor.Apply(Keys.Down);

        editor.Apply(Keys.Up);

        Assert.That(editor.Text, Is.EqualTo("original"));
    }

    [Test]
    public void Tab_AtTheStartOfTheLine_CompletesTheNameAndAddsAColon()
    {
        var editor = new LineEditor(() => ["alice", "bob"]);
        TypeInto(editor, "al");

        editor.Apply(Keys.Tab);

        Assert.That((editor.Text, editor.Cursor), Is.EqualTo(("alice: ", 7)));
    }

    [Test]
    public void Tab_Repeated_CyclesThroughTheMatchesMostRecentFirst()
    {
        var editor = new LineEditor(() => ["bobby", "alice", "bob"]);
        TypeInto(editor, "hi bo");

        editor.Apply(Keys.Tab);
        Assert.That(editor.Text, Is.EqualTo("hi bobby "));
        editor.Apply(Keys.Tab);
        Assert.That(editor.Text, Is.EqualTo("hi bob "));
        editor.Apply(Keys.Tab);
        Assert.That(editor.Text, Is.EqualTo("hi bobby "), "and round again");
    }

    [Test]
    public void Tab_WithNoMatch_ChangesNothing()
    {
        var editor = new LineEditor(() => ["alice"]);
        TypeInto(editor, "zz");

        Assert.That(editor.Apply(Keys.Tab), Is.EqualTo(EditOutcome.None));
    }

    [Test]
    public void CtrlC_QuitsLikeEndOfInput()
    {
        var editor = Type("half");

        Assert.That(editor.Apply(Keys.Ctrl(ConsoleKey.C)), Is.EqualTo(EditOutcome.EndOfInput));
    }

    private static LineEditor Type(string text)
    {
        var editor = new LineEditor();
        TypeInto(editor, text);
        return editor;
    }

    private static void TypeInto(LineEditor editor, string text)
    {
        foreach (var c in text)
        {
            editor.Apply(Keys.Char(c));
        }
    }
}
