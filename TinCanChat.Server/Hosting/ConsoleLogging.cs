using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace TinCanChat.Server.Hosting;

/// <summary>The server's Serilog setup (the client has no log: its stderr carries status lines).</summary>
public static class ConsoleLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>Information and below to stdout, warnings and errors to stderr.</summary>
    public static Logger Create(LogEventLevel minimumLevel)
    {
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimumLevel)
            .WriteTo.Console(
                outputTemplate: Template,
                standardErrorFromLevel: LogEventLevel.Warning,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
