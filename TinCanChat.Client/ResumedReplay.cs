namespace TinCanChat.Client;

/// <summary>
/// After a reconnect, the server replays its room's last lines on entering (before it has read
/// this client's <c>/cap ids</c>, so without ids) and then, for <c>/resume</c>, every line after
/// the last one shown, with ids. The first would show lines twice: while resuming, a history block
/// whose lines have no ids is held back and dropped, and the one with ids (or an empty one, when
/// nothing was missed) is let through and ends the resuming. Pure; the receive thread's alone.
/// </summary>
internal sealed class ResumedReplay
{
    private const string BlockStart = "* history of #";
    private const string BlockEnd = "* end of history";

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
            if (!line.StartsWith(BlockStart, StringComparison.Ordinal))
            {
                return [line];
            }

            _block = [line];
            return [];
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

        Resuming = false;
        return chat.Count > 0 ? block : [];
    }
}
