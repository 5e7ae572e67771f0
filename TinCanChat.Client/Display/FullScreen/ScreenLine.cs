namespace TinCanChat.Client.Display.FullScreen;

/// <summary>One line of a window, as received (made safe), with what decides how it looks.</summary>
/// <param name="Speaker">Who said it (a chat line's name before ": "), for its colour; null for a notice.</param>
/// <param name="SaidAt">When it was said, for replayed history (shown with it).</param>
/// <param name="SpeakerAt">Where the speaker's name starts in the text (after a <c>--timestamps</c> time).</param>
internal sealed record ScreenLine(string Text, LineStyle Style, string? Speaker = null, DateTimeOffset? SaidAt = null, int SpeakerAt = 0);

internal enum LineStyle
{
    /// <summary>Someone's chat line.</summary>
    Chat,

    /// <summary>The user's own line.</summary>
    Own,

    /// <summary>A line that names the user.</summary>
    Mention,

    /// <summary>A private message, to or from the user.</summary>
    Private,

    /// <summary>A server notice (<c>* …</c>).</summary>
    Notice,

    /// <summary>The client's own status (connected, trying again…).</summary>
    Status,

    /// <summary>A line said before, replayed (entering a room, <c>/history</c>, after a reconnect).</summary>
    History,
}
