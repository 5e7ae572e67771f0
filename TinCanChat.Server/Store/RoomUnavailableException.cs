namespace TinCanChat.Server.Store;

/// <summary>A room cannot be entered now: the server has no thread for its feed, or the client opens new rooms too fast. The message says which, for the user; nothing of the attempt stays behind.</summary>
internal sealed class RoomUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
