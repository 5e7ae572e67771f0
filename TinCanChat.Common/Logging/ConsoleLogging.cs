using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace TinCanChat.Common.Logging;

/// <summary>The one Serilog setup both programs use.</summary>
public static class ConsoleLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <param name="allToStandardError">The client keeps stdout for chat lines only.</param>
    public static Logger Create(LogEventLevel minimumLevel, bool allToStandardError)
    {
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimumLevel)
            .WriteTo.Console(
                outputTemplate: Template,
                standardErrorFromLevel: allToStandardError ? LogEventLevel.Verbose : LogEventLevel.Warning,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
