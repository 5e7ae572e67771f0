using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TinCanChat.Server.Chat.Identity;

/// <summary>
/// A password as it is kept (SPEC §10): PBKDF2-SHA256 of it with a random 16-byte salt, the
/// iteration count kept beside the hash (<c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, Base64) so it
/// can be raised later without breaking the accounts already made. Never the password itself.
/// </summary>
internal sealed record PasswordHash(int Iterations, byte[] Salt, byte[] Hash)
{
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about 0.1 s of one core here.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinPasswordChars = 8;

    /// <summary>Longer ones are refused: hashing is paid per character block, and no one types more.</summary>
    public const int MaxPasswordChars = 200;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(iterations, salt, Derive(password, salt, iterations));
    }

    /// <summary>The kept form; null when the text is not one (a damaged record).</summary>
    public static PasswordHash? Parse(string kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var parts = kept.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return null;
        }

        try
        {
            return new PasswordHash(iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Null when the password is acceptable, else why not (the end of "* error: …").</summary>
    public static string? Problem(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length < MinPasswordChars ? $"a password must be at least {MinPasswordChars} characters"
            : password.Length > MaxPasswordChars ? $"a password must be at most {MaxPasswordChars} characters"
            : null;
    }

    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(Salt)}${Convert.ToBase64String(Hash)}");

    /// <summary>Whether the password is this one, in time that does not depend on where they differ.</summary>
    public bool Matches(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return CryptographicOperations.FixedTimeEquals(Derive(password, Salt, Iterations), Hash);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
