namespace TinCanChat.Bench;

/// <summary>Picks the server for a run: the one named by --port, or ours started with room for every client.</summary>
internal static class ServerFor
{
    public static ServerUnderTest Start(BenchOptions options, int clients, params string[] modeArgs) =>
        options.Port is { } port
            ? ServerUnderTest.Attach(options.Host, port, options.ServerPid)
            : ServerUnderTest.Start(["--max-clients", (clients + 100).ToString(System.Globalization.CultureInfo.InvariantCulture), .. modeArgs, .. options.ServerArgs], options.ServerCpu);
}
