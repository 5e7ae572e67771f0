using Microsoft.Data.Sqlite;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Server.Chat.History;

/// <summary>
/// The rooms' lines on disk (SPEC §12): one SQLite file, <c>tincan.db</c>, in the <c>--data</c>
/// directory, in WAL mode; each line is one transaction committed before <see cref="Append"/>
/// returns, so before anyone is sent it, and a killed server loses nothing a client saw (WAL
/// with <c>synchronous=NORMAL</c>: a crash of the process loses nothing committed; a power cut
/// may lose the last moments). The directory is the server's alone while it runs (an exclusive
/// lock on <c>tincan.lock</c>); a file that is not a sound TinCanChat database stops the server
/// and is left as it is. One connection behind one lock (a leaf, taken under a room's lock).
/// </summary>
internal sealed partial class SqliteHistoryStore : IHistoryStore
{
    public const string FileName = "tincan.db";

    private const string LockFileName = "tincan.lock";

    // The schema this code writes; a file of an older one is brought up to it at start.
    private const int SchemaVersion = 1;

    private readonly Lock _lock = new();
    private readonly FileStream _directoryLock;
    private readonly SqliteConnection _db;
    private readonly HistoryLimits _limits;
    // Per room, loaded on first use: the next id, the oldest id kept, and the bytes of text kept;
    // and those of all rooms: --history-bytes and --history-total-bytes bound the file as they
    // bound memory.
    private readonly Dictionary<string, RoomState> _rooms = [];
    private long _totalBytes;

    // Prepared once, the transaction's own statements too (each would otherwise be compiled
    // again on every append): a read's lines are a few inserts and, once the room is full, one
    // scan of its oldest lines and one trim, in one transaction.
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _oldest;
    private readonly SqliteCommand _trim;

    private SqliteHistoryStore(FileStream directoryLock, SqliteConnection db, HistoryLimits limits)
    {
        _directoryLock = directoryLock;
        _db = db;
        _limits = limits;
        _totalBytes = Convert.ToInt64(Scalar(db, "SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM lines"), System.Globalization.CultureInfo.InvariantCulture);
        _begin = Prepared(db, "BEGIN");
        _commit = Prepared(db, "COMMIT");
        _rollback = Prepared(db, "ROLLBACK");
        _insert = Prepared(db, "INSERT INTO lines (room, id, said_at, text) VALUES ($room, $id, $at, $text)", "$room", "$id", "$at", "$text");
        _oldest = Prepared(db, "SELECT id, length(CAST(text AS BLOB)) FROM lines WHERE room = $room ORDER BY id", "$room");
        _trim = Prepared(db, "DELETE FROM lines WHERE room = $room AND id <= $cut", "$room", "$cut");
    }

    public IReadOnlyList<LoggedLine> Append(string room, IReadOnlyList<byte[]> frames, long saidAtMs) =>
        Hosting.ChatMeter.Timed("sqlite", () => AppendNow(room, frames, saidAtMs));

    private List<LoggedLine> AppendNow(string room, IReadOnlyList<byte[]> frames, long saidAtMs)
    {
        ArgumentNullException.ThrowIfNull(frames);
        lock (_lock)
        {
            var (next, oldest, roomBytes) = RoomLocked(room);
            var lines = new List<LoggedLine>(frames.Count);
            var added = 0L;
            _begin.ExecuteNonQuery();
            try
            {
                _insert.Parameters["$room"].Value = room;
                _insert.Parameters["$at"].Value = saidAtMs;
                foreach (var frame in frames)
                {
                    _insert.Parameters["$id"].Value = next;
                    _insert.Parameters["$text"].Value = TextOf(frame);
                    _insert.ExecuteNonQuery();
                    lines.Add(new LoggedLine(next++, saidAtMs, frame));
                    added += frame.Length - 1;
                }

                roomBytes += added;
                var (cut, freed) = OldestToDrop(room, next, oldest, roomBytes, _totalBytes + added);
                if (cut >= oldest)
                {
                    _trim.Parameters["$room"].Value = room;
                    _trim.Parameters["$cut"].Value = cut;
                    _trim.ExecuteNonQuery();
                    oldest = cut + 1;
                }

                _commit.ExecuteNonQuery();
                _rooms[room] = new RoomState(next, oldest, roomBytes - freed);
                _totalBytes += added - freed;
                return lines;
            }
            catch
            {
                _rollback.ExecuteNonQuery();
                throw;
            }
        }
    }

    public long NextId(string room)
    {
        lock (_lock)
        {
            return RoomLocked(room).NextId;
        }
    }

    public IReadOnlyList<LoggedLine> Last(string room, int count) =>
        Query("SELECT id, said_at, text FROM (SELECT * FROM lines WHERE room = $room ORDER BY id DESC LIMIT $count) ORDER BY id", ("$room", room), ("$count", count));

    public IReadOnlyList<LoggedLine> Before(string room, long id, int count) =>
        Query("SELECT id, said_at, text FROM (SELECT * FROM lines WHERE room = $room AND id < $id ORDER BY id DESC LIMIT $count) ORDER BY id", ("$room", room), ("$id", id), ("$count", count));

    public (IReadOnlyList<LoggedLine> Lines, long Gone) After(string room, long id)
    {
        lock (_lock)
        {
            var lines = Query("SELECT id, said_at, text FROM lines WHERE room = $room AND id > $id ORDER BY id", ("$room", room), ("$id", id));
            var oldestKept = lines.Count > 0 ? lines[0].Id : RoomLocked(room).NextId;
            return (lines, Math.Max(0, oldestKept - id - 1));
        }
    }

    // Ids go on across restarts and empty rooms: nothing here to let go of.
    public void RoomEmptied(string room)
    {
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var command in (SqliteCommand[])[_begin, _commit, _rollback, _insert, _oldest, _trim])
            {
                command.Dispose();
            }

            _db.Dispose();
            _directoryLock.Dispose();
        }
    }

    // A frame is the text's UTF-8 and one 0x00.
    private static string TextOf(byte[] frame) => System.Text.Encoding.UTF8.GetString(frame, 0, frame.Length - 1);

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // The room's oldest lines go up to the id returned: past --history-keep, and then as many as it
    // takes to be within the bytes, its own and all rooms'. If even all of its lines are not
    // enough, they all go (the newest too): what is kept is the newest with none missing. Below
    // every bound, nothing is read.
    private (long Cut, long Freed) OldestToDrop(string room, long next, long oldest, long roomBytes, long totalBytes)
    {
        var cut = next - 1 - _limits.Lines;
        var excess = Math.Max(roomBytes - _limits.RoomBytes, totalBytes - _limits.TotalBytes);
        if (cut < oldest && excess <= 0)
        {
            return (oldest - 1, 0);
        }

        _oldest.Parameters["$room"].Value = room;
        using var reader = _oldest.ExecuteReader();
        long freed = 0;
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            if (id > cut && freed >= excess)
            {
                break;
            }

            freed += reader.GetInt64(1);
            cut = Math.Max(cut, id);
        }

        return (cut, freed);
    }

    private RoomState RoomLocked(string room)
    {
        if (!_rooms.TryGetValue(room, out var state))
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1, COALESCE(MIN(id), MAX(id) + 1, 1), COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM lines WHERE room = $room";
            command.Parameters.AddWithValue("$room", room);
            using var reader = command.ExecuteReader();
            reader.Read();
            state = new RoomState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            _rooms[room] = state;
        }

        return state;
    }

    /// <param name="Oldest">The oldest id kept (the next id when none is).</param>
    private readonly record struct RoomState(long NextId, long Oldest, long Bytes);

    private static SqliteCommand Prepared(SqliteConnection db, string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private List<LoggedLine> Query(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var lines = new List<LoggedLine>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(new LoggedLine(reader.GetInt64(0), reader.GetInt64(1), FrameEncoder.Encode(reader.GetString(2))));
            }

            return lines;
        }
    }
}
