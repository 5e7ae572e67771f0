namespace TinCanChat.Server.Sessions;

/// <summary>Why a session ends, and what that means for the client and the others.</summary>
/// <param name="Description">For the log and, when announced, the leave notice.</param>
/// <param name="ClientNotice">A last line sent to the client itself, after what is still queued unless that is dropped.</param>
/// <param name="DropQueued">Skip what is still queued (it is not being read anyway).</param>
/// <param name="Announce">Tell the others that this client left.</param>
/// <param name="QuitMessage">The reason the client gave with /quit, shown in its leave notice.</param>
internal sealed record CloseReason(string Description, string? ClientNotice = null, bool DropQueued = false, bool Announce = true, string? QuitMessage = null)
{
    public static CloseReason PeerClosed { get; } = new("closed the connection");

    public static CloseReason ConnectionLost { get; } = new("connection lost");

    public static CloseReason ConnectionLostMidMessage { get; } = new("connection lost in the middle of a message");

    public static CloseReason SlowReader { get; } = new(
        "too slow to read its messages",
        ServerNotices.Error("disconnected because you were not reading messages fast enough"),
        DropQueued: true);

    /// <summary>Reads, but slower than its room speaks: it held the room back for longer than --max-hold allows.</summary>
    public static CloseReason HeldTooLong(TimeSpan maxHold) => new(
        "too slow to read its messages",
        ServerNotices.Error($"disconnected because you were not reading messages fast enough: you held your room back for more than {maxHold.TotalSeconds:0.#} s"),
        DropQueued: true);

    /// <summary>The notice comes after everything queued, and nothing is queued after it: it is the last line.</summary>
    public static CloseReason ServerShutdown { get; } = new("server shutting down", ServerNotices.ShuttingDown, Announce: false);

    /// <summary>Gave its place to a newcomer: the server was full, and it had sent no line for a while.</summary>
    public static CloseReason MadeRoom { get; } = new(
        "gave its place to a newcomer (the server was full and it had said nothing)",
        ServerNotices.Error("the server is full and you had not sent anything; your place went to someone else"));

    /// <summary>No thread could be had for what it needs (its room's feed): to the client, the server is full; nobody else knew of it.</summary>
    public static CloseReason OutOfThreads { get; } = new("the server is out of threads", ServerNotices.Full, Announce: false);

    /// <summary>A TLS client at a plain-text server; told in plain text (its TLS library reports it as a failed handshake).</summary>
    public static CloseReason SpokeTls { get; } = new(
        "spoke TLS to this plain-text server",
        ServerNotices.Error("this server does not speak TLS: connect without --tls"),
        DropQueued: true);

    /// <summary>Never joined: nobody is told, and nothing can be sent to it.</summary>
    public static CloseReason HandshakeFailed { get; } = new("TLS handshake failed", Announce: false);

    /// <summary>Could not enter the chat shared through Redis; nobody else knew of it.</summary>
    public static CloseReason NetworkUnreachable { get; } = new(
        "the chat network (Redis) is unreachable",
        ServerNotices.Error("the chat network is unreachable; try again shortly"),
        Announce: false);

    public static CloseReason Quit(string reason) => new($"quit: {reason}", QuitMessage: reason);

    public static CloseReason Oversized(int maxMessageBytes) => new(
        "sent a message that was too long",
        ServerNotices.Error($"message exceeds {maxMessageBytes} bytes"));
}
