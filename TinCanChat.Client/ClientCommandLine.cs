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
        var host = new Argument<string>("host")
        {
            Description = "Server address or name, HOST:PORT, or several separated by commas (servers sharing one chat: --reconnect moves to the next that answers)",
            DefaultValueFactory = _ => defaults.Host,
        };

        // The positional host would otherwise take an unknown option as a host name.
        host.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{value}'.");
            }
            else if (ServersProblem("Argument 'host'", value) is { } problem)
            {
                result.AddError(problem);
            }
        });

        // The server's spelling, which users type here too: the same as the positional host.
        var hostOption = new Option<string?>("--host") { Description = "The same as the host argument", Hidden = true };
        hostOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && ServersProblem("Option '--host'", value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var port = new Option<int>("--port", "-p") { Description = "Server port (for a host given without one)", DefaultValueFactory = _ => WireFormat.DefaultPort }.InRange(1, 65535);
        var echo = new Option<bool>("--echo") { Description = "Echo client: for each line typed, connect, send it, print the echo, close" };
        var timestamps = new Option<bool>("--timestamps") { Description = "Prefix every message shown with the local time [HH:mm:ss]" };
        var tls = new Option<bool>("--tls") { Description = "Connect with TLS, checking the server's certificate and name against the system's trusted roots" };
        var tlsCa = new Option<string?>("--tls-ca") { Description = "With TLS, trust only this CA or self-signed certificate (PEM or DER file); implies --tls" };
        var reconnect = new Option<bool>("--reconnect") { Description = "When the server goes away, keep trying (1 s, doubling, at most 30 s), pick the nickname and room again, and show what was said meanwhile" };
        var nick = new Option<string?>("--nick") { Description = "Pick this nickname as soon as the connection is up (sends /nick NAME)" };
        nick.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
            {
                result.AddError($"Option '--nick' takes one word; got '{name}'.");
            }
        });

        var plain = new Option<bool>("--plain") { Description = "On a terminal, the line mode: messages scroll above the input line, as in a shell (the default is the full screen: a window per room, a status line, scrollback)" };
        var quiet = new Option<bool>("--quiet") { Description = "No bell when a line names you or a private message arrives" };
        var passwordFile = new Option<string?>("--password-file") { Description = "With --nick: log in to that account with the password on this file's first line (or set TINCAN_PASSWORD); never give a password on the command line" };

        var command = new RootCommand(
            "TinCanChat client: chat from the console; type a line to send it, 'q' to quit. Lines starting with / are commands to the server: /help lists them (/nick, /who, /msg, /join, /rooms, /quit).\n\n" +
            "Examples:\n" +
            "  TinCanChat.Client                                  chat on 127.0.0.1 port 4040\n" +
            "  TinCanChat.Client chat.example.org --nick alice    pick a nickname at once\n" +
            "  TINCAN_PASSWORD=… TinCanChat.Client --nick alice   log in to the account alice (or --password-file FILE)\n" +
            "  TinCanChat.Client chat.example.org --tls           TLS, certificate checked against the system's roots\n" +
            "  TinCanChat.Client localhost --tls-ca cert.pem      TLS with a self-signed certificate or a private CA\n" +
            "  TinCanChat.Client --echo                           the echo client, against a server started with --echo")
        {
            host, hostOption, port, echo, timestamps, tls, tlsCa, nick, passwordFile, reconnect, plain, quiet,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(passwordFile) is not null && result.GetValue(nick) is null)
            {
                result.AddError("Option '--password-file' needs '--nick NAME': the account to log in to.");
            }
        });
        command.SetAction(result => run(new ClientOptions
        {
            Host = result.GetValue(hostOption) ?? result.GetValue(host)!,
            Port = result.GetValue(port),
            Echo = result.GetValue(echo),
            Timestamps = result.GetValue(timestamps),
            Nick = result.GetValue(nick),
            PasswordFile = result.GetValue(passwordFile),
            Reconnect = result.GetValue(reconnect),
            Plain = result.GetValue(plain),
            Quiet = result.GetValue(quiet),
            Tls = result.GetValue(tls) || result.GetValue(tlsCa) is not null,
            TlsCa = result.GetValue(tlsCa),
        }));
        return command;
    }

    // Why the servers cannot be read, naming where they were given; null when they can.
    private static string? ServersProblem(string given, string value) =>
        ServerList.Parse(value, WireFormat.DefaultPort, out var problem, given) is null ? problem : null;
}
