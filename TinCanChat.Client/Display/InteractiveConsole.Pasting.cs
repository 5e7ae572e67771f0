using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>Paste protection: many lines pasted at once are sent only once the user agrees.</summary>
internal sealed partial class InteractiveConsole
{
    // Keys were waiting behind an Enter: a paste. Its lines are gathered; a last one without
    // Enter stays in the input line.
    private List<string> GatherPaste(string first)
    {
        List<string> lines = [first];
        while (_terminal.KeyAvailable)
        {
            if (_editor.Apply(_terminal.ReadKey()) == EditOutcome.Submitted)
            {
                lines.Add(_editor.TakeLine());
            }
        }

        return lines;
    }

    // More than a few pasted lines go out only if the user says so (one key, read without
    // holding the screen: lines arriving meanwhile are shown, and the question drawn again).
    // The first line to send, the others queued for the next reads; null when none is sent.
    private string? Confirmed(List<string> lines)
    {
        var ask = lines.Count > PasteAsksAbove;
        if (ask)
        {
            lock (_drawing)
            {
                var preview = SecretCommands.Masked(lines[0]);
                _question = $"send the {lines.Count} pasted lines (the first: {(preview.Length > 40 ? preview[..40] + "…" : preview)})? y/n ";
                Redraw();
            }
        }

        var yes = !ask || _terminal.ReadKey().KeyChar is 'y' or 'Y';
        lock (_drawing)
        {
            _question = null;
            if (!yes)
            {
                _terminal.WriteControl($"{ClearLine}the {lines.Count} pasted lines were not sent\n");
                Redraw();
                return null;
            }

            lines.Skip(1).ToList().ForEach(_pasted.Enqueue);
            return lines[0];
        }
    }
}
