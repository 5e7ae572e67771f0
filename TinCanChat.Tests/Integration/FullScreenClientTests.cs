using System.Globalization;
using TinCanChat.Client.Input;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>The client in full screen, in a real terminal (tmux), against a real server: what a user sees (SPEC §8).</summary>
public class FullScreenClientTests
{
    private static readonly string Thumbs = string.Concat(Enumerable.Repeat("a👍🏽", 45));

    [TestCase(100, 50)]
    [TestCase(40, 30)]
    public void ALongLineOfEmoji_IsOneInputRow_AndStaysOneAfterAResize(int width, int narrower)
    {
        using var server = TestServer.Start();
        using var pane = Alice(server, width);

        pane.Type(Thumbs);
        AssertOneInputRow(pane.WaitFor(rows => rows.Any(IsInput), "the typed line"));
        pane.Resize(narrower, 12);
        var rows = pane.WaitFor(rows => rows.Count(row => row.StartsWith(" alice | ", StringComparison.Ordinal)) == 1 && rows.Any(row => IsInput(row) && TextCells.Width(row, 0, row.Length) < narrower), $"the input redrawn for {narrower} columns");

        AssertOneInputRow(rows);
    }

    [Test]
    public void AMention_IsHighlighted_AndAnotherWindowShowsItsUnreadCount_UntilShown()
    {
        using var server = TestServer.Start();
        using var bob = server.Join();
        using var pane = Alice(server, 80);

        bob.Send("alice: lunch?");
        var colored = pane.WaitFor(rows => rows.Any(row => row.Contains("lunch?", StringComparison.Ordinal)), "bob's line", escapes: true);
        Assert.That(colored.Single(row => row.Contains("lunch?", StringComparison.Ordinal)), Does.Contain("\u001b[43m"), "a yellow background");

        pane.Type("/join dev");
        pane.Press("Enter");
        pane.WaitFor(rows => rows.Any(row => row.Contains("[2:#dev]", StringComparison.Ordinal)), "the #dev window shown");
        bob.Send("still in the lobby");
        pane.WaitFor(rows => rows.Any(row => row.Contains("1:#lobby(1)", StringComparison.Ordinal)), "one unread line in #lobby");
        pane.Press("M-1");

        var lobby = pane.WaitFor(rows => rows.Any(row => row.Contains("[1:#lobby] 2:#dev", StringComparison.Ordinal)), "#lobby shown, nothing unread");
        Assert.That(lobby, Has.Some.EndsWith("still in the lobby"));
    }

    [Test]
    public void APasteOfTwentyLines_AsksFirst()
    {
        using var server = TestServer.Start();
        using var watcher = server.Join();
        using var pane = Alice(server, 80);

        pane.Paste(string.Concat(Enumerable.Range(1, 20).Select(i => $"pasted {i}\n")));
        pane.WaitFor(rows => rows.Any(row => row.StartsWith("send the 20 pasted lines (the first: pasted 1)? y/n", StringComparison.Ordinal)), "the question");
        pane.Press("y");

        Assert.That(Enumerable.Range(1, 20).Select(_ => watcher.NextMatching(line => line.Contains("pasted", StringComparison.Ordinal))),
            Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"alice: pasted {i}")));
    }

    // The input row with the typed line in it (scrolled sideways to the cursor: it may start with either character).
    private static bool IsInput(string row) => row.StartsWith("> ", StringComparison.Ordinal) && row.Contains("👍", StringComparison.Ordinal);

    // alice's client in a pane that wide, once its screen is up.
    private static TmuxPane Alice(TestServer server, int width)
    {
        var pane = TmuxPane.Client(width, 12, "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "--nick", "alice");
        try
        {
            pane.WaitFor(rows => rows.Any(row => row.StartsWith(" alice | ", StringComparison.Ordinal)), "the status line");
            return pane;
        }
        catch
        {
            pane.Dispose();
            throw;
        }
    }

    // The input is the last row, the only one that starts with the prompt, and no piece of it is left elsewhere.
    private static void AssertOneInputRow(IReadOnlyList<string> rows)
    {
        var used = rows.Reverse().SkipWhile(string.IsNullOrEmpty).Reverse().ToList();
        Assert.That(IsInput(used[^1]), Is.True, string.Join('\n', rows));
        Assert.That(used.Count(row => row.Contains("👍", StringComparison.Ordinal) || row.Contains("🏽", StringComparison.Ordinal)), Is.EqualTo(1), "one row holds the typed line: " + string.Join('\n', rows));
    }
}
