using System.CommandLine;
using System.Globalization;
using System.Net;
using Serilog.Events;
using TinCanChat.Common.CommandLine;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Server.Hosting;

/// <summary>The server's options (SPEC §3), parsed and validated by System.CommandLine.</summary>
internal static class ServerCommandLine
{
    private const string NoExemption = "none";

    public static RootCommand Create(Func<ServerOptions, LogOptions, int> run)
    {
        var defaults = new ServerOptions();
        var host = new Option<string?>("--host") { Description = "Address to bind [default: all interfaces]" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one", DefaultValueFactory = _ => WireFormat.DefaultPort }.InRange(0, 65535);
        var echo = new Option<bool>("--echo") { Description = "Echo mode: send every message back to its sender only" };
        var cloak = new Option<bool>("--cloak") { Description = "Call guests guest-XXXXXX (derived from their address with a secret of the server's) instead of showing everyone their address and port" };
        var maxClients = new Option<int>("--max-clients") { Description = "Connections beyond this are told the server is full", DefaultValueFactory = _ => defaults.MaxClients }.InRange(1, 100_000);
        var maxPerAddress = new Option<int>("--max-per-address") { Description = "Connections from one IP address beyond this are refused; 0 = no limit", DefaultValueFactory = _ => defaults.MaxPerAddress }.InRange(0, 100_000);
        var ipv6Prefix = new Option<int>("--ipv6-prefix") { Description = "IPv6 addresses within one network of this prefix length count as one address for --max-per-address", DefaultValueFactory = _ => defaults.Ipv6Prefix }.InRange(1, 128);
        var firstLineTimeout = new Option<int>("--first-line-timeout") { Description = "Seconds a TLS handshake may take in all; a connection that has sent no line by then gives its place to a newcomer when the server is full", DefaultValueFactory = _ => (int)defaults.FirstLineTimeout.TotalSeconds }.InRange(1, 3600);
        var exempt = new Option<string[]>("--exempt")
        {
            Description = $"Address or CIDR range the per-address limit does not apply to; repeat for several, '{NoExemption}' for no one",
            DefaultValueFactory = _ => [.. defaults.Exempt.Select(network => network.ToString())],
        };
        exempt.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (value != NoExemption && ParseNetwork(value) is null)
                {
                    result.AddError($"Option '--exempt' takes an address or CIDR range such as 10.0.0.0/8, or '{NoExemption}'; got '{value}'.");
                }
            }
        });
        var maxMessageBytes = new Option<int>("--max-message-bytes") { Description = "Longer messages get an error and a disconnect", DefaultValueFactory = _ => defaults.MaxMessageBytes }.InRange(1, 16 * 1024 * 1024);
        var outboxCapacity = new Option<int>("--outbox-capacity") { Description = "Messages queued for one client; senders are held back while it is half full", DefaultValueFactory = _ => defaults.OutboxCapacity }.InRange(2, 1_000_000);
        var slowReaderTimeout = new Option<int>("--slow-reader-timeout") { Description = "Seconds a client's socket may take nothing while messages wait before it is disconnected", DefaultValueFactory = _ => (int)defaults.SlowReaderTimeout.TotalSeconds }.InRange(1, 3600);
        var maxHold = new Option<int>("--max-hold") { Description = "Seconds one reader may hold its room back within any 30 s; a reader still behind then is disconnected as a slow reader", DefaultValueFactory = _ => (int)defaults.MaxHold.TotalSeconds }.InRange(1, 30);
        var rateLimit = new Option<int>("--rate-limit") { Description = "Messages per second one client may send (burst the same); beyond it the server reads it more slowly; 0 = off", DefaultValueFactory = _ => defaults.RateLimit }.InRange(0, 1_000_000);
        var history = new Option<int>("--history") { Description = "Chat lines a client entering a room first gets of what was said there; 0 = none", DefaultValueFactory = _ => defaults.History }.InRange(0, 100_000);
        var data = new Option<string>("--data") { Description = $"Directory of the history kept across restarts (created if new; one server each); '{ServerOptions.NoData}' keeps it in memory for this run only; not used with --redis", DefaultValueFactory = _ => defaults.Data };
        var historyKeep = new Option<int>("--history-keep") { Description = "Chat lines each room keeps, for --history, /history and /resume (within --history-bytes)", DefaultValueFactory = _ => defaults.HistoryKeep }.InRange(0, 10_000_000);
        var historyBytes = new Option<long>("--history-bytes") { Description = "Bytes of history one room keeps at most; its oldest lines make way", DefaultValueFactory = _ => defaults.HistoryRoomBytes }.InRange(1024L, 1L << 34);
        var historyTotalBytes = new Option<long>("--history-total-bytes") { Description = "Bytes of history all rooms together keep at most", DefaultValueFactory = _ => defaults.HistoryTotalBytes }.InRange(1024L, 1L << 40);
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve TLS 1.2+ with this certificate: a PKCS#12 .pfx file, or PEM (key in it or in --tls-key)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The PEM private key for --tls-cert" };
        var tlsPassword = new Option<string?>("--tls-cert-password") { Description = $"Password of the .pfx file [default: the {Security.ServerTls.PasswordVariable} environment variable]" };
        var redis = new Option<string?>("--redis") { Description = "Join the other servers using this Redis as one chat: a StackExchange.Redis configuration such as 127.0.0.1:6379" };
        redis.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>() ?? "";
            if (Store.Redis.RedisSharedChat.ConfigurationProblem(value) is { } problem)
            {
                result.AddError($"Option '--redis' takes a Redis configuration such as 127.0.0.1:6379 or host:6379,password=…; got '{Store.Redis.RedisSharedChat.WithoutPassword(value)}': {problem}.");
            }
        });
        var logLevel = new Option<string>("--log-level") { Description = $"Minimum log level: {string.Join(", ", Enum.GetNames<LogEventLevel>())}", DefaultValueFactory = _ => nameof(LogEventLevel.Information) };
        logLevel.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Enum.TryParse<LogEventLevel>(value, ignoreCase: true, out _))
            {
                result.AddError($"Option '--log-level' must be one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}; got '{value}'.");
            }
        });

        var metricsPort = OptionalPort("--metrics-port", "Serve metrics in the Prometheus text format at http://HOST:PORT/metrics (HOST: --host, or every interface)");
        var webPort = OptionalPort("--web-port", "Serve the chat page at http://HOST:PORT/ and its WebSocket at /chat, for browsers (HTTPS and WSS with --tls-cert)");
        var logFormat = new Option<string>("--log-format") { Description = "Log as text (warnings and errors on stderr) or json (one object per line, all on stdout, nothing else there)", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var logFile = new Option<string?>("--log-file") { Description = "Also log to this file, in the same format; a new file each day (the date goes before the extension), the last 14 kept" };

        var config = new Option<string?>(ServerConfiguration.ConfigOption) { Description = "Read options from this JSON file: {\"max-clients\": 500, \"tls-cert\": \"cert.pem\"}" };

        var command = new RootCommand(
            "TinCanChat server: a multithreaded chat server speaking the tincanchat framing (UTF-8 text + 0x00).\n\n" +
            "Every option can also come from the environment, as TINCAN_ and its name in upper case with _ for - (TINCAN_MAX_CLIENTS=500), " +
            "or from the JSON file of --config, keyed by its name without the dashes. The command line wins over the environment, which wins over the file.")
        {
            config,
            host, port, echo, cloak, maxClients, maxPerAddress, ipv6Prefix, exempt, firstLineTimeout, maxMessageBytes, outboxCapacity, maxHold, slowReaderTimeout, rateLimit, history, historyKeep, data, historyBytes, historyTotalBytes, tlsCert, tlsKey, tlsPassword, redis, metricsPort, webPort, logLevel, logFormat, logFile,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(tlsCert) is null && (result.GetResult(tlsKey) is not null || result.GetResult(tlsPassword) is not null))
            {
                result.AddError("Options '--tls-key' and '--tls-cert-password' go with '--tls-cert'.");
            }

            // The replay goes into the newcomer's outbox at once, and must leave room for live lines.
            // Options left at their default have no result yet while the command is validated.
            var lines = result.GetResult(history)?.GetValueOrDefault<int>() ?? defaults.History;
            var capacity = result.GetResult(outboxCapacity)?.GetValueOrDefault<int>() ?? defaults.OutboxCapacity;
            if (lines > capacity / 2)
            {
                result.AddError($"Option '--history' {lines} does not fit a newcomer's outbox: use at most half of --outbox-capacity ({capacity / 2}), or raise --outbox-capacity to {lines * 2}.");
            }
        });
        command.SetAction(result => run(
            new ServerOptions
            {
                Host = result.GetValue(host),
                Port = result.GetValue(port),
                Echo = result.GetValue(echo),
                Cloak = result.GetValue(cloak),
                MaxClients = result.GetValue(maxClients),
                MaxPerAddress = result.GetValue(maxPerAddress),
                Ipv6Prefix = result.GetValue(ipv6Prefix),
                FirstLineTimeout = TimeSpan.FromSeconds(result.GetValue(firstLineTimeout)),
                Exempt = [.. result.GetValue(exempt)!.Where(value => value != NoExemption).Select(value => ParseNetwork(value)!.Value)],
                MaxMessageBytes = result.GetValue(maxMessageBytes),
                OutboxCapacity = result.GetValue(outboxCapacity),
                MaxHold = TimeSpan.FromSeconds(result.GetValue(maxHold)),
                SlowReaderTimeout = TimeSpan.FromSeconds(result.GetValue(slowReaderTimeout)),
                RateLimit = result.GetValue(rateLimit),
                History = result.GetValue(history),
                HistoryKeep = result.GetValue(historyKeep),
                Data = result.GetValue(data)!,
                HistoryRoomBytes = result.GetValue(historyBytes),
                HistoryTotalBytes = result.GetValue(historyTotalBytes),
                TlsCertificate = result.GetValue(tlsCert),
                TlsKey = result.GetValue(tlsKey),
                TlsPassword = result.GetValue(tlsPassword) ?? Environment.GetEnvironmentVariable(Security.ServerTls.PasswordVariable),
                Redis = result.GetValue(redis),
                MetricsPort = result.GetValue(metricsPort),
                WebPort = result.GetValue(webPort),
            },
            new LogOptions(Enum.Parse<LogEventLevel>(result.GetValue(logLevel)!, ignoreCase: true), result.GetValue(logFormat) == "json", result.GetValue(logFile))));
        return command;
    }

    /// <summary>A CIDR range, or a single address as the range holding only it.</summary>
    private static IPNetwork? ParseNetwork(string value)
    {
        if (IPNetwork.TryParse(value, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(value, out var address)
            ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
            : null;
    }

    // A port for a listener that is off unless asked for. Read from the token, as InRange does: a
    // value that is not a number is the parser's to report, and asking for it here would throw.
    private static Option<int?> OptionalPort(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out var value) && value is < 1 or > 65535)
            {
                result.AddError($"Option '{name}' must be from 1 to 65535; got {value}.");
            }
        });
        return option;
    }
}

/// <summary>How the server logs: the minimum level, JSON or text, and a file beside the console.</summary>
internal sealed record LogOptions(LogEventLevel Level, bool Json = false, string? File = null);
