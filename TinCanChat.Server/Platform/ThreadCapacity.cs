using System.Globalization;

namespace TinCanChat.Server.Platform;

/// <summary>
/// How many clients this machine can hold: every client costs two threads, and every thread a
/// stack, a signal stack and their guard pages, about eight memory mappings in all. Past
/// vm.max_map_count the runtime cannot map memory and the process dies, so the server refuses
/// clients ("server full") before that point instead.
/// </summary>
internal static class ThreadCapacity
{
    private const string MapCountFile = "/proc/sys/vm/max_map_count";
    private const int MappingsPerClient = 9;
    private const int MappingsForTheRuntime = 4096;

    /// <summary>Clients the mapping limit allows, or null where there is no such limit to read.</summary>
    public static int? MaxClientsByMappings()
    {
        try
        {
            var limit = long.Parse(File.ReadAllText(MapCountFile).Trim(), CultureInfo.InvariantCulture);
            return (int)Math.Clamp((limit - MappingsForTheRuntime) / MappingsPerClient, 1, int.MaxValue);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
