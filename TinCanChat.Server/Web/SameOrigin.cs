namespace TinCanChat.Server.Web;

/// <summary>
/// Whether a WebSocket may be opened from the page that asks: only from the server's own page,
/// so a page on another site cannot use a visitor's browser (and its address, its cookies) to
/// chat. Browsers always send <c>Origin</c>; a program that sends none is not a browser, and
/// could say anything it liked.
/// </summary>
internal static class SameOrigin
{
    /// <param name="origin">The request's <c>Origin</c> header, if any.</param>
    /// <param name="scheme">The request's own scheme: <c>http</c> or <c>https</c>.</param>
    /// <param name="host">The request's <c>Host</c> header: the name and port the browser used.</param>
    public static bool Allows(string? origin, string scheme, string host)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && Uri.TryCreate($"{scheme}://{host}", UriKind.Absolute, out var own)
            && string.Equals(from.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(from.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
            && from.Port == own.Port
            && from.AbsolutePath == "/";
    }
}
