using StackExchange.Redis;

namespace TinCanChat.Server.Network;

/// <summary>Redis could not be reached or did not answer in time; the message is one sentence for users.</summary>
internal sealed class ChatNetworkException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// The call may have been carried out all the same: it was sent, and the answer did not come
    /// in time or the connection dropped meanwhile. False only when it surely never reached Redis
    /// (no connection to send it on) or Redis refused it.
    /// </summary>
    public bool MayHaveHappened => InnerException switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.UnableToResolvePhysicalConnection or ConnectionFailureType.UnableToConnect } => false,
        RedisServerException => false,
        ObjectDisposedException => false,
        null => false,
        _ => true,
    };
}
