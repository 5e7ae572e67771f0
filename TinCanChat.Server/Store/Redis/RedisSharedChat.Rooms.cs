using System.Globalization;
using StackExchange.Redis;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>The chat operations: each one script of <see cref="RedisScripts"/>, its answer typed here.</summary>
internal sealed partial class RedisSharedChat
{
    public RoomEntry Arrive(string token, string room, string display, string name, string notice, int history, string nick = "") =>
        Entry(Run(RedisScripts.Arrive, ServerId, token, room, display, name, notice, ChatRouter.AnnounceLimit, history, nick));

    public RoomEntry Move(string token, string room, string display, string leftNotice, string joinedNotice, int history, string address, long? resumeAfter) =>
        Opening(display, () => Run(RedisScripts.Move, token, room, display, leftNotice, joinedNotice, history, address, resumeAfter ?? -1));

    public RoomEntry Join(string token, string room, string display, string joinedNotice, int history, string address, long? resumeAfter) =>
        Opening(display, () => Run(RedisScripts.Join, token, room, display, joinedNotice, history, address, resumeAfter ?? -1));

    public void Part(string token, string room, string leftNotice) => Run(RedisScripts.Part, token, room, leftNotice);

    public void LeaveLater(string token, string notice, string elsewhere) => RunLater(RedisScripts.Leave, token, notice, ChatRouter.AnnounceLimit, elsewhere);

    public bool Say(string room, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return (long)Run(RedisScripts.Say, [room, _keep.Lines, _keep.RoomBytes, .. lines.Select(line => (RedisValue)line)]) > 0;
    }

    public IReadOnlyList<KeptLine> Before(string room, long id, int count) => Kept(Read(RedisScripts.Before, null, room, id, count));

    public (IReadOnlyList<KeptLine> Lines, long Gone) After(string room, long id)
    {
        var result = (RedisResult[])Read(RedisScripts.After, null, room, id)!;
        return (Kept(result[0]), (long)result[1]);
    }

    public void Rename(string token, string name, string nick, string notice) => Run(RedisScripts.Rename, token, name, nick, notice);

    public IReadOnlyList<string> Who(string room) =>
        [.. ((RedisResult[])Read(RedisScripts.Who, null, room)!).Select(name => (string)name!)];

    public IReadOnlyList<(string Name, int Members)> Rooms() =>
        [.. ((RedisResult[])Read(RedisScripts.Rooms, null)!).Chunk(2).Select(pair => ((string)pair[0]!, (int)pair[1]))];

    public Whispered? Whisper(string nick, string line)
    {
        var found = Read(RedisScripts.Whisper, null, nick, line, ServerId);
        if (found.IsNull)
        {
            return null;
        }

        var result = (RedisResult[])found!;
        var status = (int)result[2] switch
        {
            0 => WhisperStatus.Here,
            < 0 => WhisperStatus.Held,
            _ => WhisperStatus.Sent,
        };
        return new Whispered((string)result[0]!, (string)result[1]!, status, (long)result[3], (long)result[4]);
    }

    public IReadOnlyList<RoomEvent> Log(string room, long from, long? to) =>
        [.. Call(() => _db.StreamRange($"tcc:room:{room}:log", $"{from}-0", to is { } last ? $"{last}-0" : "+")).Select(entry => new RoomEvent(
            Epoch,
            long.Parse(entry.Id.ToString().Split('-')[0], CultureInfo.InvariantCulture),
            ((string?)entry["k"] ?? "c")[0],
            (string?)entry["t"] ?? "",
            (long?)entry["i"] ?? 0,
            (long?)entry["m"] ?? 0,
            (string?)entry["x"] ?? ""))];

    // An entry into a room, which may be new: refused when its address opened too many lately.
    private static RoomEntry Opening(string display, Func<RedisResult> enter)
    {
        try
        {
            return Entry(enter());
        }
        catch (StoreUnavailableException ex) when (ex.InnerException is RedisServerException refused && refused.Message.StartsWith("TOOFAST ", StringComparison.Ordinal))
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(int.Parse(refused.Message["TOOFAST ".Length..], CultureInfo.InvariantCulture) / 60.0));
            throw new RoomUnavailableException($"you are opening new rooms too fast (30 an hour from one address): #{display} can be opened in {minutes} min", ex);
        }
    }

    // {seq, lines, last chat id, gone}
    private static RoomEntry Entry(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        return new RoomEntry((long)parts[0], Kept(parts[1]), (long)parts[2], (long)parts[3]);
    }

    // {id, ms, text} triples, oldest first.
    private static IReadOnlyList<KeptLine> Kept(RedisResult lines) =>
        [.. ((RedisResult[])lines!).Select(line => (RedisResult[])line!).Select(line => new KeptLine((long)line[0], (long)line[1], (string)line[2]!))];
}
