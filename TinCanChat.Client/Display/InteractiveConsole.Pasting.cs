using TinCanChat.Client.Input;

namespace TinCanChat.Client.Display;

/// <summary>
/// Paste protection: many lines pasted at once are sent only once the user agrees. A paste is
/// what the terminal brackets as one (<see cref="PasteBrackets"/>), or, where it does not, keys
/// already waiting behind an Enter.
/// </summary>
internal sealed partial class InteractiveConsole
{
    // Keys were waiting behind an Enter: a paste. Its lines are gathered; a last one without
    // Enter stays in the input line.
    private List<string> GatherPaste(string first)
    {
        List<string> lines = [first];
        while (_keys.KeyAvailable)
        {
            ApplyPasted(_keys.ReadKey(), lines);
        }

        return lines;
    }

    // Everything up to the end marker is the paste, Enter by Enter; a last line without Enter
    // stays in the input. A large paste may arrive in pieces, so keys are waited for, but never
    // under the drawing lock: lines arriving meanwhile are still shown.
    private List<string> GatherBracketedPaste()
    {
        List<string> lines = [];
        for (var key = _keys.ReadKey(); !_keys.IsPasteEnd(key); key = _keys.ReadKey())
        {
            lock (_drawing)
            {
                ApplyPasted(key, lines);
            }
        }

        lock (_drawing)
        {
            Redraw();
        }

        return lines;
    }

    // A pasted key goes into the input line; a pasted Enter takes the line out as one of the paste's.
    private void ApplyPasted(ConsoleKeyInfo key, List<string> lines)
    {
        if (_editor.Apply(key) == EditOutcome.Submitted)
        {
            lines.Add(_editor.TakeLine());
        }
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

        var yes = !ask || _keys.ReadKey().KeyChar is 'y' or 'Y';
        lock (_drawing)
        {
            _question = null;
            if (!yes)
            {
                _view.Status($"the {lines.Count} pasted lines were not sent", State);
                return null;
            }

            return Rewritten(lines);
        }
    }
}
