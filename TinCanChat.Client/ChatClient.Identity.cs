using TinCanChat.Common.Protocol;

namespace TinCanChat.Client;

/// <summary>Who this client is and where it was: said again first thing on every connection.</summary>
internal sealed partial class ChatClient
{
    // The server's longest nickname (SPEC §6).
    private const int MaxNameLength = 24;

    // The nickname the last reconnect asked for, until the server's first notice answers it (the receive thread's).
    private string? _arrivingAs;

    // Who this client is, said first on every connection: a login (then its nickname, if it picked
    // another since), or its nickname.
    private IEnumerable<string> Introduction()
    {
        if (_login is { } login)
        {
            yield return $"/login {login.Account} {login.Password}";
            if (_nick is { } other && !other.Equals(login.Account, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"/nick {other}";
            }
        }
        else if (_nick is { } name)
        {
            yield return $"/nick {name}";
        }
    }

    // Lines said first on a connection, as one write: the server reads them together.
    private static byte[] Opening(IReadOnlyList<string> lines) =>
        [.. lines.SelectMany(line => FrameEncoder.TryEncode(line, out var frame) ? frame : [])];

    // Back after a reconnect, its nickname taken meanwhile (the server's answer to the first line
    // it sent): rather than the address it arrived under, NAME_ for now, and it says so. Its
    // nickname stays the one to ask for on the next reconnect.
    private void TakeFallbackName(string wanted, string answer)
    {
        if (answer != $"* error: the nickname {wanted} is taken" || _connection is not { } current)
        {
            return;
        }

        var fallback = (wanted.Length < MaxNameLength ? wanted : wanted[..(MaxNameLength - 1)]) + "_";
        console.ShowStatus($"your nickname {wanted} was taken while you were away; trying {fallback} for now (/nick {wanted} once it is free)");
        try
        {
            lock (_sending)
            {
                current.Send(FrameEncoder.Encode($"/nick {fallback}"));
            }
        }
        catch (IOException)
        {
            // Gone again: the next reconnect asks for the nickname once more.
        }
    }

    // The nickname, login and room to pick again after reconnecting.
    private void RememberWhere(string line)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts[0].Equals("/nick", StringComparison.OrdinalIgnoreCase))
        {
            _nick = parts[1];
        }
        else if (parts.Length == 3 && parts[0].Equals("/login", StringComparison.OrdinalIgnoreCase) && !parts[2].Contains(' ', StringComparison.Ordinal))
        {
            _login = new Login(parts[1], parts[2]);
            _nick = parts[1];
        }
        else if (parts.Length == 1 && parts[0].Equals("/logout", StringComparison.OrdinalIgnoreCase))
        {
            _login = null;
            _nick = null;
        }
        else if (parts.Length == 2 && parts[0].Equals("/join", StringComparison.OrdinalIgnoreCase))
        {
            _room = parts[1];
        }
    }
}

/// <summary>An account and its password, as the user gave them.</summary>
internal sealed record Login(string Account, string Password);
