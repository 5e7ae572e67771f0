namespace TinCanChat.Server.Chat.History;

/// <summary>The <c>--data</c> directory or its file cannot be used; the message is one sentence naming it.</summary>
internal sealed class DataDirectoryException(string message, Exception? inner = null) : Exception(message, inner);
