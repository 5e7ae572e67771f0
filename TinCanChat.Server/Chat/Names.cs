namespace TinCanChat.Server.Chat;

/// <summary>The rule for nicknames and room names (SPEC §6).</summary>
internal static class Names
{
    public const int MaxLength = 24;

    /// <summary>Null when valid, else why not, as the end of "* error: …".</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength)
        {
            return $"'{name}' must be 1 to {MaxLength} characters";
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return $"'{name}' must start with a letter";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return $"'{name}' may hold only letters, digits, _ and -";
            }
        }

        return null;
    }

    /// <summary>The form two names are compared in: names that differ only in case are one.</summary>
    public static string Fold(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant();
    }

    /// <summary>A room name as typed (<c>dev</c> or <c>#dev</c>) without its <c>#</c>.</summary>
    public static string Room(string typed) => typed.StartsWith('#') ? typed[1..] : typed;
}
