using System.Globalization;

namespace TinCanChat.Server.Network;

/// <summary>
/// One numbered line of a room as the sequencer published it (see <see cref="NetworkScripts"/>):
/// <c>epoch \x1F seq \x1F kind \x1F token \x1F text</c>. Pure, so the wire format is tested alone.
/// </summary>
/// <param name="Kind">c chat line, n notice, j a member entered, l a member left.</param>
/// <param name="Token">The member the line is about (j, l, n); empty for chat lines.</param>
/// <param name="Text">The line to show; empty when nothing is shown (above the announce limit).</param>
internal sealed record FeedEvent(string Epoch, long Seq, char Kind, string Token, string Text)
{
    public const char Chat = 'c';
    public const char Notice = 'n';
    public const char Entered = 'j';
    public const char Left = 'l';

    private const char Separator = '\u001f';

    /// <summary>Null when the message is not one of ours (a stray publish on the channel).</summary>
    public static FeedEvent? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Split(Separator, 5);
        return parts.Length == 5 && parts[2].Length == 1
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            ? new FeedEvent(parts[0], seq, parts[2][0], parts[3], parts[4])
            : null;
    }
}
