namespace TinCanChat.Server.Security;

/// <summary>The TLS certificate or key cannot be used; the message is the one sentence for the user.</summary>
internal sealed class TlsSetupException(string message, Exception? inner = null) : Exception(message, inner);
