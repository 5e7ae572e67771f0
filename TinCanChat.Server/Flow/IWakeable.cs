namespace TinCanChat.Server.Flow;

/// <summary>Something with send threads that may sleep while frames were queued for them.</summary>
internal interface IWakeable
{
    /// <summary>Wakes the send threads that have frames waiting; cheap when they are awake.</summary>
    void Wake();
}
