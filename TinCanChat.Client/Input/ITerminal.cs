namespace TinCanChat.Client.Input;

/// <summary>The few terminal operations the interactive console needs; faked in tests.</summary>
internal interface ITerminal
{
    /// <summary>Columns of the terminal now (it may be resized at any time).</summary>
    int Width { get; }

    /// <summary>Rows of the terminal now.</summary>
    int Height { get; }

    /// <summary>Raised when the terminal was resized, on some other thread.</summary>
    event Action? Resized;

    /// <summary>Blocks for one key, without echoing it; Ctrl+C comes as a key, not a signal.</summary>
    ConsoleKeyInfo ReadKey();

    /// <summary>Whether a key is already waiting: after Enter, the sign of a paste (nobody types that fast).</summary>
    bool KeyAvailable { get; }

    /// <summary>Writes received messages (stdout).</summary>
    void WriteOutput(string text);

    /// <summary>Writes the prompt, the typed text and cursor movements (stderr, so stdout stays clean).</summary>
    void WriteControl(string text);
}
