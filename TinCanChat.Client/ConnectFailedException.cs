namespace TinCanChat.Client;

/// <summary>A server could not be reached; <see cref="Exception.Message"/> is the sentence to show.</summary>
internal sealed class ConnectFailedException(string message, Exception innerException) : Exception(message, innerException);
