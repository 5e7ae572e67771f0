namespace TinCanChat.Server.Web;

/// <summary>The web page's port cannot be listened on; the message says why, in one sentence.</summary>
internal sealed class WebListenerException(string message, Exception inner) : Exception(message, inner);
