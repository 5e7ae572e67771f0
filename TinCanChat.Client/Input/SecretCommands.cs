namespace TinCanChat.Client.Input;

/// <summary>
/// The commands that carry a password (SPEC §10: <c>/login</c>, <c>/register</c>, <c>/password</c>,
/// <c>/unregister</c>): drawn with the password masked while typed, never kept for Up, never shown as "not sent".
/// </summary>
internal static class SecretCommands
{
    // Each command and how many words after it are not secret (the account name of /login).
    private static readonly (string Command, int PlainWords)[] Commands = [("/login", 1), ("/register", 0), ("/password", 0), ("/unregister", 0)];

    public static bool IsSecret(string line) => Plain(line) is not null;

    /// <summary>The line with every character of its passwords as <c>*</c> (same length, so the cursor stays where it is; spaces stay).</summary>
    public static string Masked(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Plain(line) is { } plain ? string.Concat(line.AsSpan(0, plain), string.Concat(line[plain..].Select(c => c == ' ' ? ' ' : '*'))) : line;
    }

    // How many characters at the start are not secret; null for a line that is not one of these commands.
    private static int? Plain(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var (command, plainWords) in Commands)
        {
            if (line.StartsWith(command, StringComparison.OrdinalIgnoreCase) && (line.Length == command.Length || line[command.Length] == ' '))
            {
                var end = command.Length;
                for (var word = 0; word < plainWords && end < line.Length; word++)
                {
                    while (end < line.Length && line[end] == ' ')
                    {
                        end++;
                    }

                    while (end < line.Length && line[end] != ' ')
                    {
                        end++;
                    }
                }

                return end;
            }
        }

        return null;
    }
}
