using System.Net.Sockets;
using System.Runtime.InteropServices;
using Serilog;
using Serilog.Events;
using TinCanChat.Common.CommandLine;
using TinCanChat.Server;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Hosting;
using TinCanChat.Server.Store;
using TinCanChat.Server.Platform;
using TinCanChat.Server.Security;

var command = ServerCommandLine.Create(Serve);
if (ServerConfiguration.Merge(command, args, out var configurationProblem) is not { } merged)
{
    Console.Error.WriteLine(configurationProblem);
    return CommandLineRunner.UsageErrorExitCode;
}

return CommandLineRunner.Run(command, merged);

int Serve(ServerOptions options, LogOptions logging)
{
    var logs = ConsoleLogging.Create(logging.Level, logging.Json, logging.File);
    Log.Logger = logs.Logger;
    try
    {
        options = WithinThreadCapacity(options);

        if (FutexHash.SizeFor(options.MaxClients))
        {
            Log.Debug("Futex hash: {Slots} buckets for {MaxClients} clients", FutexHash.Slots(), options.MaxClients);
        }

        using var shutdown = new ShutdownSignal();
        using var server = new ServerHost(options, Log.ForContext<ServerHost>());
        using var metrics = options.MetricsPort is { } metricsPort ? MetricsEndpoint.Start(options.Host, metricsPort) : null;
        var reloading = new Lock();
        using var reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // A reload, not the end: one at a time, off the signal's thread.
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ =>
            {
                lock (reloading)
                {
                    Reload(server, logs);
                }
            });
        });
        server.Start();

        // Unconditional (whatever the log level): scripts wait for this line. In JSON it is an
        // event like the others, since nothing else may be on stdout.
        if (logging.Json)
        {
            Log.Write(logging.Level > LogEventLevel.Information ? logging.Level : LogEventLevel.Information, "Listening on {Address:l}", server.ListeningOn);
        }
        else
        {
            Console.Out.WriteLine($"Listening on {server.ListeningOn}");
            Console.Out.Flush();
        }

        Log.Information("{Mode:l} server ready ({Setup:l}); Ctrl+C stops it", options.Echo ? "Echo" : "Chat", Setup(options, server.WebPort));

        shutdown.Token.WaitHandle.WaitOne();
        Log.Information("Shutting down");
        server.Stop();
        Log.Debug(
            "GC paused the server {PauseMs:F0} ms in total over {Collections} collections ({Gen2} of generation 2)",
            GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(2));
        return 0;
    }
    catch (StoreUnavailableException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
    catch (DataDirectoryException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
    catch (TlsSetupException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
    catch (TinCanChat.Server.Web.WebListenerException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
    catch (System.Net.HttpListenerException ex)
    {
        Console.Error.WriteLine($"Cannot serve metrics on port {options.MetricsPort}: {ex.Message}.");
        return 1;
    }
    catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
    {
        Console.Error.WriteLine($"Port {options.Port} is already in use: stop the program using it or choose another with --port.");
        return 1;
    }
    catch (SocketException ex)
    {
        Console.Error.WriteLine($"Cannot listen on {options.Host ?? "all interfaces"} port {options.Port}: {ex.Message}.");
        return 1;
    }
    finally
    {
        Log.CloseAndFlush();
    }
}

// SIGHUP: the options read again from the command line, the environment and the file; what can
// change while running does, the rest is reported. A bad value keeps the running settings.
void Reload(ServerHost server, ConsoleLogging logs)
{
    ServerOptions? next = null;
    LogOptions? nextLogging = null;
    var command = ServerCommandLine.Create((options, logging) =>
    {
        (next, nextLogging) = (options, logging);
        return 0;
    });
    var parsed = ServerConfiguration.Merge(command, args, out var problem) is { } merged ? command.Parse(merged) : null;
    if (parsed is null || parsed.Errors.Count > 0)
    {
        Log.Error("Reload refused, the running settings are kept: {Problem}", problem ?? CommandLineRunner.Sentence(parsed!.Errors[0].Message));
        return;
    }

    parsed.Invoke();
    try
    {
        var (changed, needRestart) = server.Reload(WithinThreadCapacity(next!));
        logs.Level.MinimumLevel = nextLogging!.Level;
        Log.Information("Reloaded on SIGHUP; nobody was disconnected. Changed: {Changed}", changed.Count == 0 ? "nothing" : string.Join("; ", changed));
        if (needRestart.Count > 0)
        {
            Log.Warning("These differ from the running server and need a restart: {NeedRestart}", string.Join("; ", needRestart));
        }
    }
    catch (TlsSetupException ex)
    {
        Log.Error("Reload refused, the running settings are kept: {Problem}", ex.Message);
    }
}

static ServerOptions WithinThreadCapacity(ServerOptions options)
{
    if (ThreadCapacity.MaxClientsByMappings() is { } safe && safe < options.MaxClients)
    {
        Log.Warning(
            "vm.max_map_count allows about {Safe} clients (two threads each), so --max-clients {Requested} is lowered to {Safe}; raise it with: sysctl -w vm.max_map_count=262144",
            safe, options.MaxClients, safe);
        return options with { MaxClients = safe };
    }

    return options;
}

// What an operator should see at a glance: TLS, where the chat lives, metrics.
static string Setup(ServerOptions options, int? webPort) => string.Join(", ", new[]
{
    options.TlsCertificate is { } certificate ? $"TLS with {certificate}" : "plain TCP, no TLS",
    options.Echo ? null
        : options.Redis is { } redis ? $"shared through Redis at {TinCanChat.Server.Store.Redis.RedisSharedChat.WithoutPassword(redis)}"
        : options.Data == ServerOptions.NoData ? "history and accounts in memory only (--data none)"
        : $"data in {Path.GetFullPath(options.Data)}",
    options.Cloak ? "guests cloaked" : null,
    options.MetricsPort is { } port ? $"metrics on port {port}" : null,
    webPort is { } web ? $"chat page at {(options.TlsCertificate is null ? "http" : "https")}://{options.Host ?? "localhost"}:{web}/" : null,
}.OfType<string>());
