namespace TinCanChat.Server.Admission;

/// <summary>Why a connection was turned away, and the line it is told before being closed.</summary>
internal sealed record Refusal(string Name, string Notice)
{
    public static Refusal ServerFull { get; } = new("server_full", ServerNotices.Full);

    public static Refusal TooManyFromAddress { get; } = new("too_many_from_address", ServerNotices.TooManyFromAddress);

    /// <summary>Out of threads or memory for this client: to the client, the server is full.</summary>
    public static Refusal NoThreads { get; } = new("no_threads", ServerNotices.Full);
}
