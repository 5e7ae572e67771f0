using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// Where the server's options come from besides the command line (SPEC §14): a JSON file given with
/// <c>--config</c> (keys are the options' names without the dashes) and <c>TINCAN_</c> environment
/// variables (<c>TINCAN_MAX_CLIENTS</c>), read through Microsoft.Extensions.Configuration. The
/// option table is the command line's (<see cref="ServerCommandLine"/>): each value found in the
/// environment or the file becomes that option's tokens, checked by the same parser, so a bad
/// value is the same sentence with its source in front. The command line wins over the
/// environment, which wins over the file.
/// </summary>
internal static class ServerConfiguration
{
    public const string ConfigOption = "--config";
    public const string EnvironmentPrefix = "TINCAN_";

    /// <summary>
    /// The arguments to parse: what the file and the environment give for the options the command
    /// line leaves out, then the command line. Null, with one sentence in <paramref name="problem"/>,
    /// when a value or the file is bad.
    /// </summary>
    /// <param name="environment">The variables to read instead of the process's (tests).</param>
    public static string[]? Merge(RootCommand command, string[] args, out string? problem, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        problem = null;
        var given = command.Parse(args);
        if (given.Errors.Count > 0)
        {
            // The command line's own error is reported as ever.
            return args;
        }

        var file = given.GetResult(command.Options.First(option => option.Name == ConfigOption)) is { Implicit: false } configResult
            ? configResult.Tokens[^1].Value
            : null;
        IConfiguration? fromFile = null;
        if (file is not null)
        {
            try
            {
                fromFile = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false).Build();
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
            {
                problem = $"Cannot read the config file {file}: {ex.GetBaseException().Message.Split('\n')[0].TrimEnd()}";
                return null;
            }
        }

        var fromEnvironment = environment is null
            ? new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build()
            : new ConfigurationBuilder().AddInMemoryCollection(environment.Where(variable => variable.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(variable => new KeyValuePair<string, string?>(variable.Key[EnvironmentPrefix.Length..], variable.Value))).Build();
        var options = command.Options.Where(option => option.Name.StartsWith("--", StringComparison.Ordinal) && option.Name != ConfigOption).ToList();
        if (fromFile is not null && fromFile.GetChildren().FirstOrDefault(key => !options.Any(option => Key(option).Equals(key.Key, StringComparison.OrdinalIgnoreCase))) is { } unknown)
        {
            problem = $"The config file {file} has '{unknown.Key}', which is not an option of the server (see --help).";
            return null;
        }

        var added = new List<string>();
        foreach (var option in options.Where(option => given.GetResult(option) is not { Implicit: false }))
        {
            var variable = EnvironmentPrefix + Key(option).ToUpperInvariant().Replace('-', '_');
            var (source, values) = Values(fromEnvironment, Key(option).ToUpperInvariant().Replace('-', '_'), split: true) is { Count: > 0 } fromVariable
                ? ($"The environment variable {variable}", fromVariable)
                : (Values(fromFile, Key(option), split: false) is { Count: > 0 } fromKey ? ($"The config file {file}, key '{Key(option)}'", fromKey) : (null, []));
            if (source is null)
            {
                continue;
            }

            if (Tokens(option, values) is not { } tokens)
            {
                problem = $"{source}: option '{option.Name}' is a switch, true or false; got '{string.Join(",", values)}'.";
                return null;
            }

            if (command.Parse(tokens).Errors.FirstOrDefault(error => error.SymbolResult is OptionResult result && result.Option == option || error.SymbolResult is ArgumentResult { Parent: OptionResult parent } && parent.Option == option) is { } error)
            {
                problem = $"{source}: {Common.CommandLine.CommandLineRunner.Sentence(error.Message)}";
                return null;
            }

            added.AddRange(tokens);
        }

        return [.. added, .. args];
    }

    // The option's name without its dashes: the file's key, and (upper case, '_' for '-') the variable's.
    private static string Key(Option option) => option.Name.TrimStart('-');

    // A value, or a list of them: a JSON array in the file, commas in a variable.
    private static List<string> Values(IConfiguration? configuration, string key, bool split)
    {
        if (configuration is null)
        {
            return [];
        }

        var section = configuration.GetSection(key);
        if (section.Value is { } value)
        {
            return split ? [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [value];
        }

        return [.. section.GetChildren().Select(child => child.Value).OfType<string>()];
    }

    // A switch is there or not; any other option is its name then its value(s).
    private static List<string>? Tokens(Option option, List<string> values)
    {
        if (option.ValueType == typeof(bool))
        {
            return values is [var flag] && bool.TryParse(flag, out var on) ? (on ? [option.Name] : []) : null;
        }

        return [.. values.SelectMany(value => new[] { option.Name, value })];
    }
}
