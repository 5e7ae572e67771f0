namespace TinCanChat.Client.Input;

/// <summary>
/// Fits the prompt and the line being typed into one terminal row: a line wider than the
/// terminal scrolls sideways so the cursor stays in view (as readline's horizontal-scroll mode),
/// and the row never reaches the last column, so the terminal never wraps it and an incoming
/// message can always erase it whole.
/// </summary>
internal static class LineLayout
{
    /// <returns>What to draw after the prompt, and the cursor's column counted from the row's start.</returns>
    public static (string Visible, int CursorColumn) Fit(string prompt, string text, int cursor, int width)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(text);
        var promptCells = TextCells.Width(prompt, 0, prompt.Length);
        var room = Math.Max(1, width - promptCells - 1);
        var boundaries = TextCells.Boundaries(text);
        var cells = new List<int>(boundaries.Count);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            cells.Add(TextCells.Width(text[boundaries[i]..boundaries[i + 1]]));
        }

        var cursorCluster = boundaries.IndexOf(cursor) is var found and >= 0 ? found : boundaries.Count(boundary => boundary < cursor);
        var cellsBeforeCursor = cells.Take(cursorCluster).Sum();

        // Scroll only as far as the cursor needs: the view ends at the cursor when it is past the room.
        var first = 0;
        var skipped = 0;
        while (cellsBeforeCursor - skipped > room - 1 && first < cells.Count)
        {
            skipped += cells[first++];
        }

        var shown = new System.Text.StringBuilder();
        var used = 0;
        for (var i = first; i < cells.Count && used + cells[i] <= room; i++)
        {
            shown.Append(text, boundaries[i], boundaries[i + 1] - boundaries[i]);
            used += cells[i];
        }

        return (shown.ToString(), promptCells + cellsBeforeCursor - skipped);
    }
}
