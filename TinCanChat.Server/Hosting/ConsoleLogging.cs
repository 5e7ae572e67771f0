using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// The server's Serilog setup (the client has no log: its stderr carries status lines). Text:
/// information and below to stdout, warnings and errors to stderr. JSON (<c>--log-format json</c>,
/// SPEC §14): Serilog's compact format with the rendered message, one object per line, every
/// event on stdout and nothing else there. <c>--log-file</c> adds a file in the same format, a new
/// one each day, the last 14 kept. The level can change while running (<see cref="Level"/>).
/// </summary>
public sealed class ConsoleLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const int FilesKept = 14;

    private ConsoleLogging(Logger logger, LoggingLevelSwitch level)
    {
        Logger = logger;
        Level = level;
    }

    public Logger Logger { get; }

    /// <summary>The minimum level, changed by a reload.</summary>
    public LoggingLevelSwitch Level { get; }

    public static ConsoleLogging Create(LogEventLevel minimumLevel, bool json = false, string? file = null)
    {
        var level = new LoggingLevelSwitch(minimumLevel);
        var configuration = new LoggerConfiguration().MinimumLevel.ControlledBy(level);
        configuration = json
            ? configuration.WriteTo.Console(new RenderedCompactJsonFormatter())
            : configuration.WriteTo.Console(
                outputTemplate: Template,
                standardErrorFromLevel: LogEventLevel.Warning,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (file is not null)
        {
            configuration = json
                ? configuration.WriteTo.File(new RenderedCompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: FilesKept)
                : configuration.WriteTo.File(file, outputTemplate: "[{Timestamp:yyyy-MM-dd HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", rollingInterval: RollingInterval.Day, retainedFileCountLimit: FilesKept, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ConsoleLogging(configuration.CreateLogger(), level);
    }
}
