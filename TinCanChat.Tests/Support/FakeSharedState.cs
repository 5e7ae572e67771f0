using TinCanChat.Server.Chat;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Support;

/// <summary>How one published room line reaches the servers listening to its room.</summary>
internal enum Delivery
{
    Now,
    Twice,

    /// <summary>Kept until <see cref="FakeSharedState.DeliverLate"/>.</summary>
    Late,

    /// <summary>Lost on the way (it stays in the room's log).</summary>
    Never,
}

/// <summary>
/// What Redis holds for every server, in memory, for in-process tests of <see cref="SharedChatStore"/>:
/// a sequencer, a log and chat history per room, presence, nicknames, an epoch. The servers'
/// views are <see cref="FakeSharedChat"/>s; <see cref="Publishing"/> decides how each line
/// reaches them (late, twice, never), and <see cref="Restart"/> empties it all as a Redis restart.
/// </summary>
/// <param name="keep">Chat lines each room keeps (<c>--history-keep</c>).</param>
internal sealed class FakeSharedState(int keep = 10_000)
{
    private readonly List<(FakeSharedChat Server, string Room, RoomEvent Line)> _late = [];

    public Lock Lock { get; } = new();

    public string Epoch { get; private set; } = Guid.NewGuid().ToString("N");

    public Dictionary<string, FakeRoom> Rooms { get; } = [];

    public Dictionary<string, string> RoomOf { get; } = [];

    /// <summary>A member's other rooms (<c>/cap rooms</c>), as <c>also:TOKEN</c>.</summary>
    public Dictionary<string, HashSet<string>> Also { get; } = [];

    public Dictionary<string, string> Names { get; } = [];

    public Dictionary<string, string> Nicks { get; } = [];

    public Dictionary<string, string> NickOwners { get; } = [];

    public Dictionary<string, long> PrivateHeldUntil { get; } = [];

    /// <summary>The last private line's id.</summary>
    public long PrivateId { get; set; }

    public List<FakeSharedChat> Servers { get; } = [];

    /// <summary>Decides each published line's way to the servers (room key, line).</summary>
    public Func<string, RoomEvent, Delivery> Publishing { get; set; } = (_, _) => Delivery.Now;

    /// <summary>Redis restarted empty, and a server made a new epoch.</summary>
    public void Restart()
    {
        lock (Lock)
        {
            Epoch = Guid.NewGuid().ToString("N");
            Rooms.Clear();
            RoomOf.Clear();
            Also.Clear();
            Names.Clear();
            Nicks.Clear();
            NickOwners.Clear();
        }
    }

    /// <summary>Delivers the lines kept late, newest first (the worst order).</summary>
    public void DeliverLate()
    {
        List<(FakeSharedChat Server, string Room, RoomEvent Line)> late;
        lock (Lock)
        {
            late = [.. _late];
            _late.Clear();
        }

        late.Reverse();
        late.ForEach(kept => kept.Server.Hear(kept.Room, kept.Line));
    }

    /// <summary>The room's log no longer has that line (trimmed).</summary>
    public void ForgetLogged(string room, long seq)
    {
        lock (Lock)
        {
            Rooms[room].Log.RemoveAll(line => line.Seq == seq);
        }
    }

    /// <summary>Whether a server marked the room held (a reader there is behind).</summary>
    public bool Held(string room)
    {
        lock (Lock)
        {
            return Rooms.TryGetValue(room, out var found) && found.HeldUntil > Environment.TickCount64;
        }
    }

    /// <summary>The texts the room's log holds now.</summary>
    public IReadOnlyList<string> Logged(string room)
    {
        lock (Lock)
        {
            return [.. Room(room).Log.Select(line => line.Text)];
        }
    }

    public FakeRoom Room(string room)
    {
        if (!Rooms.TryGetValue(room, out var found))
        {
            found = new FakeRoom();
            Rooms[room] = found;
        }

        return found;
    }

    /// <summary>Numbers a line of the room, logs it and publishes it; under <see cref="Lock"/>.</summary>
    public long Emit(string room, char kind, string token, string text)
    {
        var fake = Room(room);
        var chat = kind == RoomEvent.Chat;
        var line = new RoomEvent(Epoch, ++fake.Seq, kind, token, chat ? ++fake.Said : 0, chat ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : 0, text);
        fake.Log.Add(line);
        if (chat)
        {
            fake.Kept.Add(new KeptLine(line.Id, line.SaidAtMs, text));
            fake.Kept.RemoveRange(0, Math.Max(0, fake.Kept.Count - keep));
        }

        var delivery = Publishing(room, line);
        foreach (var server in Servers.Where(server => server.Listens(room)))
        {
            switch (delivery)
            {
                case Delivery.Now:
                    server.Hear(room, line);
                    break;
                case Delivery.Twice:
                    server.Hear(room, line);
                    server.Hear(room, line);
                    break;
                case Delivery.Late:
                    _late.Add((server, room, line));
                    break;
            }
        }

        return fake.Seq;
    }

    /// <summary>Takes the member out of its room; under <see cref="Lock"/>.</summary>
    public string? Depart(string token)
    {
        if (!RoomOf.Remove(token, out var room))
        {
            return null;
        }

        Rooms[room].Who.Remove(token);
        return room;
    }

    /// <summary>Every room of the member, room-of's first; under <see cref="Lock"/>.</summary>
    public IReadOnlyList<string> RoomsOf(string token) =>
        RoomOf.TryGetValue(token, out var room) ? [room, .. Also.GetValueOrDefault(token) ?? []] : [];

    /// <summary>Puts the member in the room and numbers its entry with the notice; under <see cref="Lock"/>.</summary>
    public RoomEntry Enter(string token, string room, string display, string text, int history, long? resumeAfter = null)
    {
        var fake = Room(room);
        fake.Display = display;
        RoomOf[token] = room;
        var (lines, gone) = resumeAfter is { } after ? After(room, after) : (fake.Kept.TakeLast(history).ToList(), 0);
        var said = fake.Said;
        var seq = Emit(room, RoomEvent.Entered, token, text);
        fake.Who.Add(token);
        return new RoomEntry(seq, lines, said, gone);
    }

    /// <summary>Every kept chat line after the id, and how many after it are not kept; under <see cref="Lock"/>.</summary>
    public (IReadOnlyList<KeptLine> Lines, long Gone) After(string room, long id)
    {
        var fake = Room(room);
        id = id > fake.Said ? 0 : id;
        var lines = fake.Kept.Where(line => line.Id > id).ToList();
        return (lines, Math.Max(0, (lines.Count > 0 ? lines[0].Id : fake.Said + 1) - id - 1));
    }

    public string Fill(string text, string name) => NoticeSlots.Fill(text, name, RoomOf.Count);

    public static string OverLimit(string text, int online) => online <= ChatRouter.AnnounceLimit ? text : "";

    public static StoreUnavailableException Gone() => new("the member is not in Redis");
}

/// <summary>One room as Redis holds it.</summary>
internal sealed class FakeRoom
{
    public long Seq { get; set; }

    public string Display { get; set; } = "";

    public List<RoomEvent> Log { get; } = [];

    /// <summary>The last chat id given.</summary>
    public long Said { get; set; }

    public List<KeptLine> Kept { get; } = [];

    public List<string> Who { get; } = [];

    public long HeldUntil { get; set; }
}
