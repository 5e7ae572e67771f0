using System.Text;

namespace TinCanChat.Client.Input;

/// <summary>
/// The half-typed line of an interactive client: a buffer and a cursor, changed key by key.
/// Pure state, so it is tested without a terminal.
/// </summary>
internal sealed class LineEditor
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    /// <summary>Position of the cursor in <see cref="Text"/>, 0 = before the first character.</summary>
    public int Cursor { get; private set; }

    /// <summary>Applies one key; returns what the key meant for the line as a whole.</summary>
    public EditOutcome Apply(ConsoleKeyInfo key)
    {
        var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return EditOutcome.Submitted;
            case ConsoleKey.Backspace when Cursor > 0:
                _text.Remove(--Cursor, 1);
                return EditOutcome.Changed;
            case ConsoleKey.Delete when Cursor < _text.Length:
                _text.Remove(Cursor, 1);
                return EditOutcome.Changed;
            case ConsoleKey.LeftArrow when Cursor > 0:
                Cursor--;
                return EditOutcome.Changed;
            case ConsoleKey.RightArrow when Cursor < _text.Length:
                Cursor++;
                return EditOutcome.Changed;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                Cursor = 0;
                return EditOutcome.Changed;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                Cursor = _text.Length;
                return EditOutcome.Changed;
            case ConsoleKey.U when control:
                Clear();
                return EditOutcome.Changed;
            case ConsoleKey.D when control:
                return _text.Length == 0 ? EditOutcome.EndOfInput : EditOutcome.None;
        }

        if (control || char.IsControl(key.KeyChar))
        {
            return EditOutcome.None;
        }

        _text.Insert(Cursor++, key.KeyChar);
        return EditOutcome.Changed;
    }

    /// <summary>Returns the line and starts a new, empty one.</summary>
    public string TakeLine()
    {
        var line = Text;
        Clear();
        return line;
    }

    private void Clear()
    {
        _text.Clear();
        Cursor = 0;
    }
}
