namespace TinCanChat.Client.Display;

/// <summary>The user's side of the client: lines typed in, messages and status lines out.</summary>
internal interface IChatConsole
{
    /// <summary>Blocks for the next typed line; null at end of input.</summary>
    string? ReadLine();

    /// <summary>Shows one received message (already made safe) on stdout.</summary>
    void ShowMessage(string line);

    /// <summary>Shows one received message and where it belongs (its room, whether it is replayed history).</summary>
    void ShowMessage(string line, LineInfo info) => ShowMessage(line);

    /// <summary>Shows a status line (connected, closed, errors) on stderr.</summary>
    void ShowStatus(string line);

    /// <summary>
    /// Puts a line that could not be sent back into the input line, for the user to send again.
    /// False when this console has no input line to keep it in.
    /// </summary>
    bool Restore(string line);

    /// <summary>Whether it shows lines better with their ids (<c>/cap ids</c>: the room and the time of each).</summary>
    bool WantsLineIds => false;

    /// <summary>The rooms the user is in at once and the one it looks at, to enter again after a reconnect; none when it is in one room.</summary>
    (IReadOnlyList<string> Rooms, string? Shown) RoomsShown => ([], null);

    /// <summary>The session is over: leave the terminal clean (no prompt) for the shell.</summary>
    void Close();
}
