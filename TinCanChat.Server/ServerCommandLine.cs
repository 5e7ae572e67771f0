using System.CommandLine;
using Serilog.Events;
using TinCanChat.Common.CommandLine;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Server;

/// <summary>The server's options (SPEC §3), parsed and validated by System.CommandLine.</summary>
internal static class ServerCommandLine
{
    public static RootCommand Create(Func<ServerOptions, LogEventLevel, int> run)
    {
        var defaults = new ServerOptions();
        var host = new Option<string?>("--host") { Description = "Address to bind [default: all interfaces]" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one", DefaultValueFactory = _ => WireFormat.DefaultPort }.InRange(0, 65535);
        var echo = new Option<bool>("--echo") { Description = "Echo mode: send every message back to its sender only" };
        var maxClients = new Option<int>("--max-clients") { Description = "Connections beyond this are told the server is full", DefaultValueFactory = _ => defaults.MaxClients }.InRange(1, 100_000);
        var maxMessageBytes = new Option<int>("--max-message-bytes") { Description = "Longer messages get an error and a disconnect", DefaultValueFactory = _ => defaults.MaxMessageBytes }.InRange(1, 16 * 1024 * 1024);
        var outboxCapacity = new Option<int>("--outbox-capacity") { Description = "Messages queued for one client before it counts as a slow reader", DefaultValueFactory = _ => defaults.OutboxCapacity }.InRange(1, 1_000_000);
        var logLevel = new Option<string>("--log-level") { Description = $"Minimum log level: {string.Join(", ", Enum.GetNames<LogEventLevel>())}", DefaultValueFactory = _ => nameof(LogEventLevel.Information) };
        logLevel.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Enum.TryParse<LogEventLevel>(value, ignoreCase: true, out _))
            {
                result.AddError($"Option '--log-level' must be one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}; got '{value}'.");
            }
        });

        var command = new RootCommand("TinCanChat server: a multithreaded chat server speaking the tincanchat framing (UTF-8 text + 0x00).")
        {
            host, port, echo, maxClients, maxMessageBytes, outboxCapacity, logLevel,
        };
        command.SetAction(result => run(
            new ServerOptions
            {
                Host = result.GetValue(host),
                Port = result.GetValue(port),
                Echo = result.GetValue(echo),
                MaxClients = result.GetValue(maxClients),
                MaxMessageBytes = result.GetValue(maxMessageBytes),
                OutboxCapacity = result.GetValue(outboxCapacity),
            },
            Enum.Parse<LogEventLevel>(result.GetValue(logLevel)!, ignoreCase: true)));
        return command;
    }
}
