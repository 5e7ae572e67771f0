using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// The secret <c>--cloak</c> derives guest names with, kept beside the history in the data
/// directory (<c>cloak.key</c>, readable by the server's user alone) so a guest keeps its name
/// across restarts; with <c>--data none</c>, a secret of this run only.
/// </summary>
internal static class CloakSecret
{
    public const string FileName = "cloak.key";

    private const int Bytes = 32;

    /// <exception cref="DataDirectoryException">The file cannot be read or written, or is not one of ours.</exception>
    public static byte[] Load(string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (dataDirectory == ServerOptions.NoData)
        {
            return GuestNames.NewSecret();
        }

        var file = Path.Combine(dataDirectory, FileName);
        try
        {
            if (File.Exists(file))
            {
                var kept = File.ReadAllBytes(file);
                return kept.Length == Bytes ? kept : throw new DataDirectoryException($"{file} is not a TinCanChat cloak key ({kept.Length} bytes, not {Bytes}): move it away, and guests get new names.");
            }

            var secret = GuestNames.NewSecret();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(file, options))
            {
                stream.Write(secret);
                stream.Flush(flushToDisk: true);
            }

            return secret;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryException($"Cannot keep the cloak key {file}: {ex.Message}", ex);
        }
    }
}
