namespace TinCanChat.Client.Input;

/// <summary>
/// The half-typed line of an interactive client, changed key by key as readline does: it moves
/// and deletes by what the user sees (grapheme clusters, see <see cref="TextCells"/>), recalls
/// the lines sent in this session (Up/Down), and completes nicknames (Tab). Pure state, so it is
/// tested without a terminal.
/// </summary>
/// <param name="names">People to complete, most recent speakers first.</param>
internal sealed class LineEditor(Func<IReadOnlyList<string>>? names = null)
{
    private readonly List<string> _history = [];
    private int _recalled;
    private string _draft = string.Empty;
    private Completion? _completion;

    public string Text { get; private set; } = string.Empty;

    /// <summary>Position of the cursor in <see cref="Text"/> (UTF-16 units), on a cluster boundary.</summary>
    public int Cursor { get; private set; }

    /// <summary>Applies one key; returns what the key meant for the line as a whole.</summary>
    public EditOutcome Apply(ConsoleKeyInfo key)
    {
        var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        var completing = key.Key == ConsoleKey.Tab && !control;
        if (!completing)
        {
            _completion = null;
        }

        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return EditOutcome.Submitted;
            case ConsoleKey.Backspace when Cursor > 0:
                Delete(TextCells.Previous(Text, Cursor), Cursor);
                return EditOutcome.Changed;
            case ConsoleKey.Delete when Cursor < Text.Length:
                Delete(Cursor, TextCells.Next(Text, Cursor));
                return EditOutcome.Changed;
            case ConsoleKey.LeftArrow when Cursor > 0:
                Cursor = TextCells.Previous(Text, Cursor);
                return EditOutcome.Changed;
            case ConsoleKey.RightArrow when Cursor < Text.Length:
                Cursor = TextCells.Next(Text, Cursor);
                return EditOutcome.Changed;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                Cursor = 0;
                return EditOutcome.Changed;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                Cursor = Text.Length;
                return EditOutcome.Changed;
            case ConsoleKey.U when control:
                Delete(0, Text.Length);
                return EditOutcome.Changed;
            case ConsoleKey.K when control:
                Delete(Cursor, Text.Length);
                return EditOutcome.Changed;
            case ConsoleKey.W when control:
                Delete(WordStart(), Cursor);
                return EditOutcome.Changed;
            case ConsoleKey.L when control:
                return EditOutcome.Changed;
            case ConsoleKey.UpArrow:
                return Recall(_recalled - 1);
            case ConsoleKey.DownArrow:
                return Recall(_recalled + 1);
            case ConsoleKey.Tab when completing:
                return Complete();
            case ConsoleKey.D when control:
                return Text.Length == 0 ? EditOutcome.EndOfInput : EditOutcome.None;
            case ConsoleKey.C when control:
                return EditOutcome.EndOfInput;
        }

        if (control || key.KeyChar == '\0' || char.IsControl(key.KeyChar))
        {
            return EditOutcome.None;
        }

        Insert(key.KeyChar.ToString());
        return EditOutcome.Changed;
    }

    /// <summary>Returns the line, keeps it for Up (unless it holds a password), and starts a new, empty one.</summary>
    public string TakeLine()
    {
        var line = Text;
        if (line.Length > 0 && (_history.Count == 0 || _history[^1] != line) && !SecretCommands.IsSecret(line))
        {
            _history.Add(line);
        }

        _recalled = _history.Count;
        _draft = string.Empty;
        Text = string.Empty;
        Cursor = 0;
        return line;
    }

    /// <summary>Makes <paramref name="line"/> the line being typed, cursor at its end.</summary>
    public void Restore(string line)
    {
        Text = line;
        Cursor = line.Length;
    }

    private void Insert(string text)
    {
        Text = Text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    private void Delete(int start, int end)
    {
        Text = Text.Remove(start, end - start);
        Cursor = start;
    }

    // Ctrl+W: back over spaces, then over the word before them.
    private int WordStart()
    {
        var at = Cursor;
        while (at > 0 && Text[at - 1] == ' ')
        {
            at--;
        }

        while (at > 0 && Text[at - 1] != ' ')
        {
            at = TextCells.Previous(Text, at);
        }

        return at;
    }

    // Up/Down walk the lines sent; leaving the line being typed keeps it as the draft, and an
    // edited recalled line changes only the line on screen, not the history.
    private EditOutcome Recall(int index)
    {
        if (index < 0 || index > _history.Count || index == _recalled)
        {
            return EditOutcome.None;
        }

        if (_recalled == _history.Count)
        {
            _draft = Text;
        }

        _recalled = index;
        Text = index == _history.Count ? _draft : _history[index];
        Cursor = Text.Length;
        return EditOutcome.Changed;
    }

    // Tab: the word before the cursor becomes the first name it starts; Tab again, the next.
    private EditOutcome Complete()
    {
        if (_completion is null)
        {
            var start = Cursor;
            while (start > 0 && Text[start - 1] != ' ')
            {
                start--;
            }

            var prefix = Text[start..Cursor];
            var candidates = (names?.Invoke() ?? [])
                .Where(name => prefix.Length > 0 && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (candidates.Count == 0)
            {
                return EditOutcome.None;
            }

            _completion = new Completion(start, Cursor - start, candidates, 0);
        }
        else
        {
            _completion = _completion with { Next = (_completion.Next + 1) % _completion.Candidates.Count };
        }

        var chosen = _completion.Candidates[_completion.Next] + (_completion.Start == 0 ? ": " : " ");
        Delete(_completion.Start, _completion.Start + _completion.Replaced);
        Insert(chosen);
        _completion = _completion with { Replaced = chosen.Length };
        return EditOutcome.Changed;
    }

    private sealed record Completion(int Start, int Replaced, List<string> Candidates, int Next);
}
