using System.Net;
using System.Security.Cryptography;

namespace TinCanChat.Server.Chat;

/// <summary>
/// What a client is called before it picks a nickname: its address and port, or with
/// <c>--cloak</c> (SPEC §10) <c>guest-</c> and six characters derived from its address with a
/// secret of the server's (an HMAC), so the same address is the same guest and no line any
/// client gets carries another client's address. The log still has the addresses.
/// </summary>
internal sealed class GuestNames
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private readonly byte[]? _secret;

    private GuestNames(byte[]? secret) => _secret = secret;

    /// <summary>Guests are called by their address and port.</summary>
    public static GuestNames Addresses { get; } = new(null);

    /// <summary>Guests are called <c>guest-XXXXXX</c>, keyed by <paramref name="secret"/>.</summary>
    public static GuestNames Cloaked(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new GuestNames(secret);
    }

    /// <summary>The name of a guest whose connection is labelled <paramref name="label"/> (address and port).</summary>
    public string Of(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (_secret is null)
        {
            return label;
        }

        var address = IPEndPoint.TryParse(label, out var endPoint) ? endPoint.Address.ToString() : label;
        var hash = HMACSHA256.HashData(_secret, System.Text.Encoding.UTF8.GetBytes(address));
        return "guest-" + string.Concat(hash.Take(6).Select(b => Alphabet[b % Alphabet.Length]));
    }

    /// <summary>A new secret (a run's own, when there is nowhere to keep one).</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);
}
