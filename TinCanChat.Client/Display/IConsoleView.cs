namespace TinCanChat.Client.Display;

/// <summary>
/// How <see cref="InteractiveConsole"/> shows things: as lines above a redrawn input line
/// (<see cref="LineView"/>), or as a full screen of windows (<see cref="FullScreen.FullScreenView"/>).
/// Every call is made under the console's drawing lock; the input is edited the same either way.
/// </summary>
internal interface IConsoleView
{
    /// <summary>The input row changed: draw it (or have it drawn) as it is now.</summary>
    void Redraw(InputState input);

    /// <summary>Enter took the typed line out (to send it, or the input ended).</summary>
    void Submitted(InputState input);

    /// <summary>A received message (already made safe) and where it belongs.</summary>
    void Show(string line, LineInfo info, InputState input);

    /// <summary>A status line of the client's own (connected, closed, errors).</summary>
    void Status(string line, InputState input);

    /// <summary>A key of the view's own (switching windows, scrolling, Ctrl+L): true when it took it.</summary>
    bool TryHandleKey(ConsoleKeyInfo key, InputState input);

    /// <summary>A typed line that is the view's own command (<c>/window N</c>): what to send instead (none, or other lines).</summary>
    IReadOnlyList<string>? Rewrite(string line, InputState input);

    /// <summary>Whether it shows lines better with their ids (the room and the time of each).</summary>
    bool WantsLineIds => false;

    /// <summary>The rooms it shows (several, with <c>/cap rooms</c>: to enter again after a reconnect) and the one shown; none when it shows one room.</summary>
    (IReadOnlyList<string> Rooms, string? Shown) RoomsShown => ([], null);

    /// <summary>The session is over; <paramref name="unsent"/> is what was typed and not sent.</summary>
    void Close(string unsent);
}

/// <summary>The input row as it is: the prompt, the text (secrets masked), the cursor in it, or a question asked instead.</summary>
internal sealed record InputState(string Prompt, string Text, int Cursor, string? Question);

/// <summary>Where a received line belongs: its room (<c>#dev</c>, <c>~</c> for a private line, null when it did not say), how it came, and when it was said.</summary>
internal sealed record LineInfo(string? Room = null, LineKind Kind = LineKind.Live, DateTimeOffset? SaidAt = null)
{
    public static LineInfo Unknown { get; } = new();
}
