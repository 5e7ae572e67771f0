using System.Text.RegularExpressions;
using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

/// <summary>
/// What a terminal of a given width would show after a run of writes: carriage return, line
/// feed, erase line, cursor right/left, and text that wraps at the last column, as a real
/// terminal's auto-wrap does (or is cut there while autowrap is off). Enough to see whether a redraw leaves pieces behind.
/// </summary>
internal static partial class FakeScreen
{
    public static List<string> Render(IEnumerable<string> writes, int width)
    {
        var rows = new List<List<string>> { new() };
        int row = 0, column = 0;
        var wrap = true;
        foreach (var write in writes)
        {
            var text = write[4..];
            for (var at = 0; at < text.Length;)
            {
                if (Control().Match(text, at) is { Success: true, Index: var index } control && index == at)
                {
                    var count = control.Groups[1].Success ? int.Parse(control.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                    switch (control.Groups[2].Value)
                    {
                        case "K":
                            rows[row].Clear();
                            break;
                        case "C":
                            column = Math.Min(width - 1, column + count);
                            break;
                        case "D":
                            column = Math.Max(0, column - count);
                            break;
                        case "h" or "l" when count == 7:
                            wrap = control.Groups[2].Value == "h";
                            break;
                    }

                    at += control.Length;
                    continue;
                }

                var length = System.Globalization.StringInfo.GetNextTextElementLength(text, at);
                var cluster = text.Substring(at, length);
                at += length;
                switch (cluster)
                {
                    case "\r":
                        column = 0;
                        continue;
                    case "\n":
                        (row, column) = (row + 1, 0);
                        if (row == rows.Count)
                        {
                            rows.Add([]);
                        }

                        continue;
                }

                var cells = TextCells.Width(cluster);
                if (column + cells > width && !wrap)
                {
                    // Autowrap off: the terminal drops what does not fit.
                    continue;
                }

                if (column + cells > width)
                {
                    (row, column) = (row + 1, 0);
                    if (row == rows.Count)
                    {
                        rows.Add([]);
                    }
                }

                Put(rows[row], column, cluster, cells);
                column += cells;
            }
        }

        return [.. rows.Select(r => string.Concat(r).TrimEnd())];
    }

    // A row is one string per cell: a wide cluster, then an empty placeholder cell.
    private static void Put(List<string> row, int column, string cluster, int cells)
    {
        while (row.Count < column + Math.Max(cells, 1))
        {
            row.Add(" ");
        }

        row[column] = cluster;
        for (var i = 1; i < cells; i++)
        {
            row[column + i] = string.Empty;
        }
    }

    [GeneratedRegex(@"\u001b\[\??(\d+)?([KCDhl])")]
    private static partial Regex Control();
}
