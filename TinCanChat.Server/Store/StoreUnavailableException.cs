namespace TinCanChat.Server.Store;

/// <summary>The store could not be reached or did not answer in time (Redis); the message is one sentence for users.</summary>
/// <param name="mayHaveHappened">
/// The call may have been carried out all the same: it was sent, and the answer did not come in
/// time or the connection dropped meanwhile. False only when it surely never arrived (no
/// connection to send it on) or the store refused it.
/// </param>
internal sealed class StoreUnavailableException(string message, Exception? inner = null, bool mayHaveHappened = false) : Exception(message, inner)
{
    public bool MayHaveHappened { get; } = mayHaveHappened;
}
