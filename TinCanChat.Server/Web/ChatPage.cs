using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace TinCanChat.Server.Web;

/// <summary>
/// The browser client's files (SPEC §13), built into the server: the page, its script and its
/// style, served as they are. The policy headers let the page load only from this server and
/// open no connection but its own WebSocket, so even a line that got past the page's
/// text-only display could not load or send anything elsewhere.
/// </summary>
internal static class ChatPage
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Body, string Type)> Files = new Dictionary<string, (byte[], string)>
    {
        ["/"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["/app.js"] = (Load("app.js"), "text/javascript; charset=utf-8"),
        ["/style.css"] = (Load("style.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    /// <summary>Answers a request for one of the page's files; false for any other path.</summary>
    public static bool TryServe(HttpContext context, out Task served)
    {
        ArgumentNullException.ThrowIfNull(context);
        served = Task.CompletedTask;
        if (!Files.TryGetValue(context.Request.Path.Value ?? "/", out var file))
        {
            return false;
        }

        var response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return true;
        }

        response.ContentType = file.Type;
        response.ContentLength = file.Body.Length;
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            served = response.Body.WriteAsync(file.Body).AsTask();
        }

        return true;
    }

    private static byte[] Load(string name)
    {
        using var resource = typeof(ChatPage).Assembly.GetManifestResourceStream("page/" + name)
            ?? throw new InvalidOperationException($"The page's file {name} is not built into the server.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
