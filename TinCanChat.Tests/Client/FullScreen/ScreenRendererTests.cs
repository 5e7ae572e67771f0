using System.Text.RegularExpressions;
using TinCanChat.Client.Display;
using TinCanChat.Client.Display.FullScreen;
using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client.FullScreen;

public partial class ScreenRendererTests
{
    private static readonly InputState Empty = new("> ", "", 0, null);

    [Test]
    public void AFrame_ErasesAndRedrawsEveryRowFromItsFirstColumn()
    {
        var model = new ScreenModel();
        model.Add("bob: hi", new LineInfo());

        var frame = ScreenRenderer.Frame(model, Empty, 40, 10);

        Assert.That(RowStart().Matches(frame).Select(match => match.Groups["row"].Value), Is.EqualTo(Enumerable.Range(1, 10).Select(row => row.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "each of the 10 rows is erased whole and drawn, in order, whatever was there");
        Assert.That(ScreenRenderer.Enter, Does.Contain("\u001b[?7l"), "autowrap is off: a grapheme wider than expected cannot spill into the next row");
    }

    [Test]
    public void ALongLineOfWideEmoji_IsWrappedWithinTheWidth_AndTheInputStaysOneRow()
    {
        var model = new ScreenModel();
        var thumbs = string.Concat(Enumerable.Repeat("a👍🏽", 45));
        model.Add("bob: " + thumbs, new LineInfo());

        var frame = ScreenRenderer.Frame(model, new InputState("> ", thumbs, thumbs.Length, null), 40, 12);

        var rows = Rows(frame);
        Assert.That(rows, Has.Count.EqualTo(12));
        Assert.That(rows.Take(10).Select(row => TextCells.Width(Plain(row), 0, Plain(row).Length)), Has.All.LessThanOrEqualTo(39), "no row reaches the last column");
        Assert.That(rows.Count(row => Plain(row).Contains("👍", StringComparison.Ordinal)), Is.GreaterThan(3), "the line wraps over rows");
        Assert.That(Plain(rows[^1]), Does.StartWith("> "), "the input is the last row, one row");
        Assert.That(TextCells.Width(Plain(rows[^1]), 0, Plain(rows[^1]).Length), Is.LessThanOrEqualTo(39));
    }

    [Test]
    public void AMention_IsHighlighted_AndNamesKeepTheirColour()
    {
        var model = new ScreenModel();
        model.Add("* alice joined (1 online)", new LineInfo());
        model.Add("bob: alice?", new LineInfo());
        model.Add("carol: hi", new LineInfo());

        var frame = ScreenRenderer.Frame(model, Empty, 60, 8);

        Assert.That(frame, Does.Contain(ScreenRenderer.MentionStyle + "bob: alice?"));
        Assert.That(frame, Does.Contain($"\u001b[{ScreenRenderer.NameColour("carol")}mcarol"));
        Assert.That(ScreenRenderer.NameColour("Carol"), Is.EqualTo(ScreenRenderer.NameColour("carol")), "one colour per name, whatever its case");
    }

    [Test]
    public void AQuestion_TakesTheInputRow()
    {
        var frame = ScreenRenderer.Frame(new ScreenModel(), Empty with { Question = "send the 20 pasted lines? y/n " }, 60, 8);

        Assert.That(Plain(Rows(frame)[^1]), Is.EqualTo("send the 20 pasted lines? y/n "));
    }

    private static List<string> Rows(string frame) =>
        [.. RowStart().Split(frame).Skip(1).Where((_, index) => index % 2 == 1)];

    // A row's text without escape sequences.
    private static string Plain(string row) => Escape().Replace(row, string.Empty);

    [GeneratedRegex(@"\u001b\[(?<row>\d+);1H\u001b\[2K")]
    private static partial Regex RowStart();

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Escape();
}
