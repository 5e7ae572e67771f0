using System.Text.RegularExpressions;
using Serilog;
using StackExchange.Redis;
using TinCanChat.Server.Chat.History;

namespace TinCanChat.Server.Store.Redis;

/// <summary>Connecting: the <c>--redis</c> value checked, the connection's settings, start-up errors in one sentence.</summary>
internal sealed partial class RedisSharedChat
{
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <exception cref="StoreUnavailableException">Redis cannot be reached or the string is not valid.</exception>
    /// <param name="keep">How many chat lines (and bytes) each room keeps (<c>--history-keep</c>, <c>--history-bytes</c>).</param>
    public static RedisSharedChat Connect(string configuration, ILogger log, HistoryLimits? keep = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (ConfigurationProblem(configuration) is { } problem)
        {
            throw new StoreUnavailableException($"--redis '{WithoutPassword(configuration)}' is not a Redis configuration: {problem}.");
        }

        var options = ConfigurationOptions.Parse(configuration);

        // Fail at once while disconnected: a line is answered with an error, not kept for later.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 5000;
        options.ClientName = "tincanchat";
        try
        {
            return new RedisSharedChat(ConnectionMultiplexer.Connect(options), log, keep ?? new HistoryLimits(HistoryLimits.DefaultLines));
        }
        catch (RedisConnectionException ex)
        {
            // Its message goes on about abortConnect, which is ours to set, not the user's.
            var why = ex.FailureType == ConnectionFailureType.AuthenticationFailure ? "the password is wrong, or missing" : "is redis-server running there?";
            throw new StoreUnavailableException($"Cannot reach Redis at {WithoutPassword(configuration)}: {why} ({FirstLine(ex.Message).Split(". ")[0].TrimEnd('.')}.)", ex);
        }
    }

    /// <summary>Why the configuration string cannot be used, or null when it can.</summary>
    public static string? ConfigurationProblem(string configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return "it is empty";
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count == 0 ? "it names no host" : null;
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "port")
        {
            return "a port must be 1 to 65535";
        }
        catch (ArgumentException ex)
        {
            return FirstLine(ex.Message).Split(" (Parameter")[0].TrimEnd('.');
        }
    }

    /// <summary>The configuration as it may be shown: the password masked.</summary>
    public static string WithoutPassword(string configuration) =>
        Regex.Replace(configuration, "password=[^,]*", "password=*****", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
}
