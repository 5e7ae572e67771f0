namespace TinCanChat.Bench;

/// <summary>Picks the server for a run: the one named by --port, or ours started with room for every client.</summary>
internal static class ServerFor
{
    public static ServerUnderTest Start(BenchOptions options, int clients, params string[] modeArgs)
    {
        if (options.Ports.Count > 0)
        {
            if (options.Tls || options.WebSocket)
            {
                throw new InvalidOperationException("--tls and --transport ws need a server this tool starts, not --port");
            }

            var running = ServerUnderTest.Attach(options.Host, options.Ports, options.ServerPid);
            running.Irc = options.Irc;
            return running;
        }

        if (options.Irc)
        {
            throw new InvalidOperationException("--protocol irc needs the --port of a running IRC server");
        }

        var tls = options.Tls ? new BenchTls() : null;
        string[] tlsArgs = tls is null ? [] : ["--tls-cert", tls.CertificateFile, "--tls-key", tls.KeyFile];
        int? webPort = options.WebSocket ? FreePort() : null;
        string[] webArgs = webPort is { } port ? ["--web-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var server = ServerUnderTest.Start(
            ["--max-clients", (clients + 100).ToString(System.Globalization.CultureInfo.InvariantCulture), .. tlsArgs, .. webArgs, .. modeArgs, .. options.ServerArgs], options.ServerCpu);
        server.Tls = tls;
        server.WebPort = webPort;
        return server;
    }

    // The server's --web-port takes a port number, not 0: one the kernel just gave out, free again.
    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
