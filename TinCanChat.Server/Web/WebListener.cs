using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using TinCanChat.Server.Security;

namespace TinCanChat.Server.Web;

/// <summary>
/// <c>--web-port</c> (SPEC §13): Kestrel serves the chat page and its WebSocket endpoint
/// <c>/chat</c>, over HTTPS with the server's certificate when it has one. Kestrel's own threads
/// (the pool) only parse HTTP and upgrade; every WebSocket then gets a session with its own
/// two threads, like a TCP client (<see cref="Hosting.ServerHost"/>).
/// </summary>
internal sealed class WebListener : IDisposable
{
    // How long stopping waits for Kestrel's requests; the chat sessions are closed before that.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly WebApplication _app;

    private WebListener(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on (the one chosen, when asked for port 0).</summary>
    public int Port { get; }

    /// <param name="address">Where to listen; null: every interface, IPv4 and IPv6.</param>
    /// <param name="tls">The certificate of the moment (a reload may change it); null: plain HTTP.</param>
    /// <param name="chat">Serves a request for <c>/chat</c>.</param>
    /// <param name="sendBufferBytes">The kernel send buffer of each connection, as the TCP clients' (so a reader that stops reading is found as soon).</param>
    /// <exception cref="WebListenerException">The port cannot be listened on.</exception>
    public static WebListener Start(IPAddress? address, int port, Func<ServerTls?> tls, RequestDelegate chat, TimeSpan keepAlive, int sendBufferBytes)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var endPoint = new IPEndPoint(address ?? IPAddress.IPv6Any, port);
            kestrel.Listen(endPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (tls() is not null)
                {
                    listen.UseHttps((_, _, _, _) => ValueTask.FromResult(tls()!.HandshakeOptions()), state: tls, ServerTls.HandshakeTimeout);
                }
            });
        });
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endPoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
            socket.SendBufferSize = sendBufferBytes;
            return socket;
        });

        var app = builder.Build();
        // Before the WebSocket middleware, which builds its socket on whatever upgrade it finds.
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/chat" && context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
            {
                context.Features.Set<IHttpUpgradeFeature>(new SharedWriteUpgrade(upgrade));
            }

            return next(context);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = keepAlive, KeepAliveTimeout = keepAlive });
        app.Run(context =>
        {
            if (context.Request.Path == "/chat")
            {
                return chat(context);
            }

            if (ChatPage.TryServe(context, out var served))
            {
                return served;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsync("Not found: the chat page is at /\n");
        });

        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            ((IDisposable)app).Dispose();
            throw new WebListenerException(
                ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
                    ? $"Port {port} is already in use: stop the program using it or choose another with --web-port."
                    : $"Cannot serve the web page on port {port}: {ex.Message}",
                ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebListener(app, new Uri(bound).Port);
    }

    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
