namespace TinCanChat.Server.Network;

/// <summary>Redis could not be reached or did not answer in time; the message is one sentence for users.</summary>
internal sealed class ChatNetworkException(string message, Exception? inner = null) : Exception(message, inner);
