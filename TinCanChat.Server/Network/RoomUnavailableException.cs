namespace TinCanChat.Server.Network;

/// <summary>A room cannot be entered here now: the server has no thread for its feed. Nothing of the attempt stays behind.</summary>
internal sealed class RoomUnavailableException(string message, Exception inner) : Exception(message, inner);
