namespace TinCanChat.Client;

/// <summary>
/// After a reconnect, the server replays its room's last lines on entering (before it has read
/// this client's <c>/cap ids</c>, so without ids) and then, for <c>/resume</c>, every line after
/// the last one shown, with ids. The first would show lines twice: while resuming, a history block
/// whose lines have no ids is held back and dropped, and the one with ids (or an empty one, when
/// nothing was missed) is let through and ends the resuming. Live lines the room sends before
/// that block (the client is in the room before the server reads its <c>/resume</c>) are held
/// and come after it: shown first, they would make the missed lines look seen. Those the room
/// sent before the server read <c>/cap ids</c> have no id; the block has them again, with ids, so
/// they are dropped (a private line, never in a room's block, comes after it). Pure; the receive
/// thread's alone. The browser page follows the same rules (TinCanChat.Server/Web/Page/app.js,
/// <c>receive</c>): change both together.
/// </summary>
internal sealed class ResumedReplay
{
    private const string BlockStart = "* history of #";
    private const string BlockEnd = "* end of history";
    private const string Error = "* error: ";

    private readonly List<string> _live = [];
    private readonly List<string> _unnumbered = [];
    private List<string>? _block;

    /// <summary>Set when a <c>/resume</c> was sent; cleared by the block that answers it.</summary>
    public bool Resuming { get; set; }

    /// <summary>The lines to show now for this received line (none while a block is held).</summary>
    public IReadOnlyList<string> Pass(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!Resuming)
        {
            return [line];
        }

        if (_block is null)
        {
            if (line.StartsWith(BlockStart, StringComparison.Ordinal))
            {
                _block = [line];
                return [];
            }

            if (LineIds.HasId(line))
            {
                _live.Add(line);
                return [];
            }

            if (!line.StartsWith("* ", StringComparison.Ordinal))
            {
                _unnumbered.Add(line);
                return [];
            }

            // The resume refused: what was held goes out. Not "N older lines are no longer kept",
            // which comes before its block, nor an answer to the lines sent before the /resume (a
            // nickname taken, a login refused).
            return IsRefusal(line) ? Done([line]) : [line];
        }

        _block.Add(line);
        if (line != BlockEnd)
        {
            return [];
        }

        var block = _block;
        _block = null;
        var chat = block.Skip(1).SkipLast(1).Where(text => !text.StartsWith("* ", StringComparison.Ordinal)).ToList();
        if (chat.Count > 0 && !chat.All(LineIds.HasId))
        {
            return [];
        }

        foreach (var again in chat)
        {
            _unnumbered.Remove(LineIds.TextOf(again));
        }

        return Done(chat.Count > 0 ? InIdOrder(block) : []);
    }

    private static bool IsRefusal(string line) =>
        line.StartsWith(Error, StringComparison.Ordinal)
        && (line.Contains("you are still in #", StringComparison.Ordinal)
            || line.Contains("cannot be shown", StringComparison.Ordinal)
            || line.StartsWith(Error + "room ", StringComparison.Ordinal)
            || line.StartsWith(Error + "usage: /resume", StringComparison.Ordinal));

    // A live line can reach the server's queue for this client in the middle of the replay (the
    // room goes on while the replay is queued): within the block, lines with ids go in id order,
    // so the missed ones come before it, not after it as if seen.
    private static List<string> InIdOrder(List<string> block)
    {
        var ordered = block.Where(LineIds.HasId).OrderBy(LineIds.IdOf).ToList();
        var next = 0;
        return [.. block.Select(line => LineIds.HasId(line) ? ordered[next++] : line)];
    }

    // Resuming is over: what it answered, then the live lines held meanwhile, in the order they came.
    private List<string> Done(List<string> answer)
    {
        Resuming = false;
        answer.AddRange(_unnumbered);
        answer.AddRange(_live);
        _unnumbered.Clear();
        _live.Clear();
        return answer;
    }
}
