namespace TinCanChat.Bench;

/// <summary>Picks the server for a run: the one named by --port, or ours started with room for every client.</summary>
internal static class ServerFor
{
    public static ServerUnderTest Start(BenchOptions options, int clients, params string[] modeArgs)
    {
        if (options.Ports.Count > 0)
        {
            return options.Tls
                ? throw new InvalidOperationException("--tls needs a server this tool starts (it makes the certificate), not --port")
                : ServerUnderTest.Attach(options.Host, options.Ports, options.ServerPid);
        }

        var tls = options.Tls ? new BenchTls() : null;
        string[] tlsArgs = tls is null ? [] : ["--tls-cert", tls.CertificateFile, "--tls-key", tls.KeyFile];
        var server = ServerUnderTest.Start(
            ["--max-clients", (clients + 100).ToString(System.Globalization.CultureInfo.InvariantCulture), .. tlsArgs, .. modeArgs, .. options.ServerArgs], options.ServerCpu);
        server.Tls = tls;
        return server;
    }
}
