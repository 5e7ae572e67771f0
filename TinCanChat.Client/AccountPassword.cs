namespace TinCanChat.Client;

/// <summary>
/// The account password the client logs in with by itself (SPEC §10): the first line of
/// <c>--password-file</c>, else <c>TINCAN_PASSWORD</c>; never an argument, so it is not in the
/// shell's history or in <c>ps</c>. Without <c>--nick</c> there is no account to log in to.
/// </summary>
internal static class AccountPassword
{
    public const string Variable = "TINCAN_PASSWORD";

    /// <returns>False with one sentence for the user when the file cannot be used.</returns>
    public static bool TryRead(ClientOptions options, out string? password, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        password = null;
        problem = null;
        if (options.PasswordFile is { } file)
        {
            try
            {
                password = File.ReadLines(file).FirstOrDefault()?.TrimEnd('\r');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problem = $"Cannot read the password file {file}: {ex.Message}";
                return false;
            }
        }
        else if (options.Nick is not null)
        {
            password = Environment.GetEnvironmentVariable(Variable);
        }

        if (password is { Length: 0 })
        {
            password = null;
        }

        if (options.PasswordFile is not null && password is null)
        {
            problem = $"The password file {options.PasswordFile} is empty: its first line is the password.";
            return false;
        }

        if (password is not null && password.Contains(' ', StringComparison.Ordinal))
        {
            problem = $"The password (from {options.PasswordFile ?? Variable}) holds a space, which no TinCanChat password may.";
            return false;
        }

        return true;
    }
}
