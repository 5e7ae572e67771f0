using System.Globalization;
using System.Text;
using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display.FullScreen;

/// <summary>
/// Draws the whole screen from the model, every row from its first column after erasing it, with
/// the terminal's autowrap off: whatever width a terminal gives a grapheme, nothing drawn before
/// can stay on screen, and nothing can spill into the next row. Rows: the window's lines, a status
/// line, the input row. Pure: a frame is a string.
/// </summary>
internal static class ScreenRenderer
{
    /// <summary>Into the alternate screen (the shell's screen comes back on leaving), autowrap off, bracketed paste on.</summary>
    public const string Enter = "\u001b[?1049h\u001b[?7l\u001b[?2004h";

    public const string Leave = "\u001b[?2004l\u001b[?7h\u001b[?1049l";

    public const string Reset = "\u001b[0m";

    /// <summary>Lines that name the user: black on yellow.</summary>
    public const string MentionStyle = "\u001b[30;43m";

    public const string PrivateStyle = "\u001b[1;35m";

    public const string OwnStyle = "\u001b[1m";

    public const string HistoryStyle = "\u001b[2m";

    public const string StatusBarStyle = "\u001b[7m";

    // Stable colours for names: the same name always gets the same one.
    private static readonly string[] NameColours = ["31", "32", "33", "34", "35", "36", "91", "92", "93", "94", "95", "96"];

    /// <param name="clear">Ctrl+L: clear the whole screen first.</param>
    public static string Frame(ScreenModel model, InputState input, int width, int height, bool clear = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        width = Math.Max(width, 10);
        height = Math.Max(height, 3);
        var frame = new StringBuilder("\u001b[?25l");
        if (clear)
        {
            frame.Append("\u001b[2J");
        }

        var rows = Rows(model.Shown, width - 1, height - 2);
        for (var row = 0; row < height - 2; row++)
        {
            frame.Append(At(row + 1)).Append(row < rows.Count ? rows[row] : string.Empty);
        }

        frame.Append(At(height - 1)).Append(StatusBarStyle).Append(Fit(StatusBar(model), width - 1, pad: true)).Append(Reset);
        frame.Append(At(height));
        if (input.Question is { } question)
        {
            frame.Append(Fit(question, width - 1, pad: false));
        }
        else
        {
            var (visible, column) = LineLayout.Fit(input.Prompt, input.Text, input.Cursor, width);
            frame.Append(input.Prompt).Append(visible).Append(CultureInfo.InvariantCulture, $"\u001b[{height};{column + 1}H");
        }

        return frame.Append("\u001b[?25h").ToString();
    }

    /// <summary>The status line: who, the windows (the one shown in brackets, unread counts, ! for a mention), the connection.</summary>
    public static string StatusBar(ScreenModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var windows = model.Windows.Select((window, index) =>
        {
            var label = $"{index + 1}:{window.Name}";
            return window == model.Shown ? $"[{label}]"
                : window.Unread > 0 || window.Mentioned ? $"{label}({window.Unread}){(window.Mentioned ? "!" : string.Empty)}"
                : label;
        });
        var scrolled = model.Shown.ScrolledBack > 0 ? " | scrolled back: PageDown" : string.Empty;
        // The windows before the connection: on a narrow terminal, what is unread matters most.
        return $" {model.Me ?? "-"} | {string.Join(' ', windows)} | {model.Connection}{scrolled}";
    }

    // The window's newest lines that fit, wrapped, ending ScrolledBack lines before the newest.
    private static List<string> Rows(ChatWindow window, int width, int count)
    {
        var rows = new List<string>();
        var end = window.Lines.Count - window.ScrolledBack;
        for (var i = end - 1; i >= 0 && rows.Count < count; i--)
        {
            rows.InsertRange(0, Wrapped(window.Lines[i], width));
        }

        return rows.Count > count ? rows[^count..] : rows;
    }

    // One line as rows no wider than the screen, each styled and reset.
    private static IEnumerable<string> Wrapped(ScreenLine line, int width)
    {
        var text = line.SaidAt is { } said ? $"[{said.ToLocalTime():HH:mm}] {line.Text}" : line.Text;
        var style = line.Style switch
        {
            LineStyle.Mention => MentionStyle,
            LineStyle.Private => PrivateStyle,
            LineStyle.Own => OwnStyle,
            LineStyle.History or LineStyle.Status => HistoryStyle,
            _ => string.Empty,
        };
        var first = true;
        foreach (var piece in text.Split('\n'))
        {
            var rest = piece;
            do
            {
                var row = Fit(rest, first ? width : width - 2, pad: false);
                rest = rest[row.Length..];
                var at = line.SpeakerAt;
                var shown = line.Style == LineStyle.Chat && first && line.Speaker is { } speaker && string.CompareOrdinal(row, at, speaker, 0, speaker.Length) == 0 && row.Length >= at + speaker.Length
                    ? $"{row[..at]}\u001b[{NameColour(speaker)}m{speaker}{Reset}{row[(at + speaker.Length)..]}"
                    : row;
                yield return (first ? string.Empty : "  ") + style + shown + Reset;
                first = false;
            }
            while (rest.Length > 0);
        }
    }

    /// <summary>The colour code of a name: the same for the same name, whatever its case.</summary>
    public static string NameColour(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var c in name.ToLowerInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return NameColours[hash % (uint)NameColours.Length];
    }

    // The longest start of the text (whole clusters) within that many cells, padded with spaces if asked.
    private static string Fit(string text, int cells, bool pad)
    {
        var boundaries = TextCells.Boundaries(text);
        var used = 0;
        var end = 0;
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            var width = TextCells.Width(text[boundaries[i]..boundaries[i + 1]]);
            if (used + width > cells)
            {
                break;
            }

            used += width;
            end = boundaries[i + 1];
        }

        // Always progress: a cluster wider than the row is cut off rather than looped on.
        if (end == 0 && text.Length > 0 && !pad)
        {
            end = boundaries.Count > 1 ? boundaries[1] : text.Length;
        }

        return pad ? text[..end] + new string(' ', Math.Max(0, cells - used)) : text[..end];
    }

    private static string At(int row) => string.Create(CultureInfo.InvariantCulture, $"\u001b[{row};1H\u001b[2K");
}
