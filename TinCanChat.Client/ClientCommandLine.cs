using System.CommandLine;
using TinCanChat.Common.CommandLine;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Client;

/// <summary>The client's options (SPEC §3), parsed and validated by System.CommandLine.</summary>
internal static class ClientCommandLine
{
    public static RootCommand Create(Func<ClientOptions, int> run)
    {
        var defaults = new ClientOptions();
        var host = new Argument<string>("host") { Description = "Server address or name", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = "Server port", DefaultValueFactory = _ => WireFormat.DefaultPort }.InRange(1, 65535);
        var echo = new Option<bool>("--echo") { Description = "Echo client: for each line typed, connect, send it, print the echo, close" };
        var timestamps = new Option<bool>("--timestamps") { Description = "Prefix every message shown with the local time [HH:mm:ss]" };

        var command = new RootCommand("TinCanChat client: chat from the console; type a line to send it, 'q' to quit.")
        {
            host, port, echo, timestamps,
        };
        command.SetAction(result => run(new ClientOptions
        {
            Host = result.GetValue(host)!,
            Port = result.GetValue(port),
            Echo = result.GetValue(echo),
            Timestamps = result.GetValue(timestamps),
        }));
        return command;
    }
}
