namespace TinCanChat.Client.Input;

/// <summary>What a key did to the line being typed.</summary>
internal enum EditOutcome
{
    /// <summary>Nothing visible changed.</summary>
    None,

    /// <summary>The text or the cursor moved, or Ctrl+L asked for it: redraw.</summary>
    Changed,

    /// <summary>Enter: the line is ready to send.</summary>
    Submitted,

    /// <summary>Ctrl+D on an empty line, or Ctrl+C: quit.</summary>
    EndOfInput,
}
