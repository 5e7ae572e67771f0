using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TinCanChat.Common.CommandLine;

/// <summary>Parses and runs a root command with the programs' shared error convention.</summary>
public static partial class CommandLineRunner
{
    /// <summary>Exit code for a bad option or value, as getopt-style tools use.</summary>
    public const int UsageErrorExitCode = 2;

    /// <summary>
    /// A bad option or value gives one sentence naming it, a usage hint and exit code 2;
    /// otherwise the command's action runs and its exit code is returned.
    /// </summary>
    public static int Run(RootCommand command, string[] args)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parseResult = command.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Some parser messages continue with suggestions; the first line is the sentence.
            Console.Error.WriteLine(Sentence(parseResult.Errors[0].Message));
            Console.Error.WriteLine("Try '--help' for usage.");
            return UsageErrorExitCode;
        }

        return parseResult.Invoke();
    }

    /// <summary>The first line of a parser's message (some continue with suggestions), with .NET type names put the way a user would say them.</summary>
    public static string Sentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message = message.Split('\n')[0].TrimEnd();
        var typeError = TypeError().Match(message);
        if (!typeError.Success)
        {
            return message;
        }

        var kind = typeError.Groups["type"].Value switch
        {
            "Int32" or "Int64" => "a whole number",
            "Double" => "a number",
            _ => "another kind of value",
        };
        return $"Option '{typeError.Groups["option"].Value}' takes {kind}; got '{typeError.Groups["value"].Value}'.";
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?:System\\.)?(?<type>[^']+)'")]
    private static partial Regex TypeError();

    /// <summary>Rejects values outside <paramref name="min"/>..<paramref name="max"/> with a sentence naming the option.</summary>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max)
        where T : System.Numerics.IBinaryInteger<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            // Defaults are in range, and a value that is not a number is reported by the parser.
            if (result.Tokens.Count == 0 || !T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out var value))
            {
                return;
            }

            if (value < min || value > max)
            {
                result.AddError($"Option '{option.Name}' must be between {min} and {max}; got {value}.");
            }
        });
        return option;
    }
}
