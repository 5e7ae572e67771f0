using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TinCanChat.Common.Transport;
using TinCanChat.Server.Admission;
using TinCanChat.Server.Web;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// The browser's way in (SPEC §13): a WebSocket on <c>/chat</c> is admitted like a TCP
/// connection (the same places, per-address limit and refusals) and served by the same session,
/// over <see cref="WebSocketMessageConnection"/>. Kestrel's request waits, without a thread,
/// until the session's two threads have ended.
/// </summary>
internal sealed partial class ServerHost
{
    // Pings keep proxies from closing a quiet chat, and find a browser that vanished.
    private static readonly TimeSpan WebSocketKeepAlive = TimeSpan.FromSeconds(30);

    // A refused browser gets its line and the close; one that never answers the close is let go.
    private static readonly TimeSpan RefusalCloseWait = TimeSpan.FromSeconds(2);

    private WebListener? _web;

    /// <summary>The port of the web page and its WebSocket; null without <c>--web-port</c>.</summary>
    public int? WebPort => _web?.Port;

    private void StartWeb()
    {
        if (_options.WebPort is { } port)
        {
            _web = WebListener.Start(_options.Host is { } host ? ResolveHost(host) : null, port, () => _tls, ServeWebSocket, WebSocketKeepAlive, SendBufferBytes);
        }
    }

    private async Task ServeWebSocket(HttpContext context)
    {
        var request = context.Request;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This is the chat's WebSocket: open the page at / to chat.\n").ConfigureAwait(false);
            return;
        }

        if (context.Connection.RemoteIpAddress is not { } remote)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var label = SocketConnection.Label(new IPEndPoint(remote, context.Connection.RemotePort));
        if (!SameOrigin.Allows(request.Headers.Origin, request.Scheme, request.Host.Value ?? string.Empty))
        {
            // Logged once a while per address, as refusals are: a page can retry in a loop.
            if (_refusals.ShouldLog(remote, Environment.TickCount64, out _))
            {
                _log.Warning("Refused a WebSocket from {Client}: opened by a page of {Origin}, not this server's", label, request.Headers.Origin.ToString());
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (Volatile.Read(ref _stopping) != 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var stream = (context.Features.Get<IHttpUpgradeFeature>() as SharedWriteUpgrade)?.Stream
            ?? throw new InvalidOperationException("The WebSocket was not upgraded through SharedWriteUpgrade (see WebListener).");
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        var refusal = TryAdmit(address);
        if (refusal is null)
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            refusal = StartSession(label, address, new WebSocketMessageConnection(socket, stream, _options.MaxMessageBytes), " over WebSocket", () => ended.TrySetResult());
            if (refusal is null)
            {
                await ended.Task.ConfigureAwait(false);
                return;
            }
        }

        NoteRefusal(refusal, label, address);
        await RefuseOver(socket, refusal).ConfigureAwait(false);
    }

    // The browser reads the line, then the close (a refused HTTP upgrade would tell the page nothing).
    private static async Task RefuseOver(WebSocket socket, Refusal refusal)
    {
        using var patience = new CancellationTokenSource(RefusalCloseWait);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(refusal.Notice), WebSocketMessageType.Text, endOfMessage: true, patience.Token).ConfigureAwait(false);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, refusal.Name, patience.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone, or not answering the close: nothing more to tell it.
        }
    }
}
