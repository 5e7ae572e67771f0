namespace TinCanChat.Common.Protocol;

/// <summary>
/// Lines of the server's that a client acts on, not only shows: their wording is the contract
/// between the two, written once here (the browser page's copy is in its app.js).
/// </summary>
public static class ServerLines
{
    public const string Full = "* error: server full";

    public const string TooManyFromAddress = "* error: too many connections from your address";

    /// <summary>How the notice to a sender held back by <c>--rate-limit</c> starts.</summary>
    public const string SlowDownStart = "* slow down: ";

    /// <summary>The server would not take this connection (full, or too many from its address): no welcome.</summary>
    public static bool IsRefusal(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.StartsWith(Full, StringComparison.Ordinal) || line.StartsWith(TooManyFromAddress, StringComparison.Ordinal);
    }
}
