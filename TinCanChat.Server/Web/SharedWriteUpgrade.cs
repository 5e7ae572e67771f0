using Microsoft.AspNetCore.Http.Features;
using TinCanChat.Common.Transport;

namespace TinCanChat.Server.Web;

/// <summary>
/// Kestrel's upgrade of a <c>/chat</c> request, with the upgraded stream wrapped in a
/// <see cref="SharedWriteStream"/> before the WebSocket is built on it, so the session's send
/// thread can write a batch of lines at once (see <see cref="WebSocketMessageConnection"/>).
/// </summary>
internal sealed class SharedWriteUpgrade(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <summary>The upgraded stream, once upgraded.</summary>
    public SharedWriteStream? Stream { get; private set; }

    public async Task<Stream> UpgradeAsync()
    {
        Stream = new SharedWriteStream(await inner.UpgradeAsync().ConfigureAwait(false));
        return Stream;
    }
}
