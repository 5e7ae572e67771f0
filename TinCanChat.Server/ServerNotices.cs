namespace TinCanChat.Server;

/// <summary>The text of the lines the server itself originates; they all start with "* ".</summary>
internal static class ServerNotices
{
    public const string Full = "* error: server full";

    public const string TooManyFromAddress = "* error: too many connections from your address";

    public const string ShuttingDown = "* server shutting down";

    public const string InvalidUtf8 = "* error: message is not valid UTF-8";

    public static string Error(string what) => $"* error: {what}";

    public static string Joined(string label, int online) => $"* {label} joined ({online} online)";

    /// <param name="why">Null for an ordinary goodbye.</param>
    public static string Left(string label, string? why, int online) =>
        why is null ? $"* {label} left ({online} online)" : $"* {label} left: {why} ({online} online)";
}
