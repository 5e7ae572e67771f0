using Microsoft.Data.Sqlite;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Identity;

namespace TinCanChat.Server.Store.Identity;

/// <summary>
/// Accounts and registered rooms on disk (SPEC §12): <c>identity.db</c> beside the history in the
/// <c>--data</c> directory (whose lock the history store holds), WAL; each change is one statement,
/// so one transaction, committed before it is answered. Separate from the history's file so each
/// keeps its own schema version. One connection behind one lock, a leaf: never taken under a
/// room's lock (the chat layer calls it outside them).
/// </summary>
internal sealed class SqliteIdentityStore : IIdentityStore
{
    public const string FileName = "identity.db";

    private const int SchemaVersion = 1;

    private readonly Lock _lock = new();
    private readonly SqliteConnection _db;

    private SqliteIdentityStore(SqliteConnection db) => _db = db;

    /// <exception cref="DataDirectoryException">The file is damaged, or of a newer TinCanChat.</exception>
    public static SqliteIdentityStore Open(string directory)
    {
        var file = Path.Combine(Path.GetFullPath(directory), FileName);
        CreateForOwnerOnly(file);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        try
        {
            db.Open();
            if (Run(db, "PRAGMA quick_check") as string is var check && check != "ok")
            {
                throw new DataDirectoryException($"The data file {file} is damaged ({check}); it was left as it is: move it away to start afresh (its accounts and registered rooms are lost).");
            }

            Run(db, "PRAGMA journal_mode = WAL");
            Run(db, "PRAGMA synchronous = NORMAL");
            var version = Convert.ToInt32(Run(db, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new DataDirectoryException($"The data file {file} was written by a newer TinCanChat (schema {version}; this one knows {SchemaVersion}): run that version, or move the file away.");
            }

            if (version < 1)
            {
                Run(db, "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, password TEXT NOT NULL) WITHOUT ROWID");
                Run(db, "CREATE TABLE IF NOT EXISTS rooms (name TEXT PRIMARY KEY, owner TEXT NOT NULL, topic TEXT, private INTEGER NOT NULL DEFAULT 0, key TEXT) WITHOUT ROWID");
                Run(db, "CREATE TABLE IF NOT EXISTS room_lists (room TEXT NOT NULL, list INTEGER NOT NULL, who TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (room, list, who)) WITHOUT ROWID");
                Run(db, $"PRAGMA user_version = {SchemaVersion}");
            }

            return new SqliteIdentityStore(db);
        }
        catch (SqliteException ex)
        {
            db.Dispose();
            throw new DataDirectoryException($"The data file {file} is damaged or is not a TinCanChat database ({ex.Message.TrimEnd('.')}); it was left as it is: move it away to start afresh.", ex);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    // Password hashes are for the server's user alone (SQLite gives its -wal and -shm files the same mode).
    private static void CreateForOwnerOnly(string file)
    {
        if (File.Exists(file) || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }).Dispose();
        }
        catch (IOException ex)
        {
            throw new DataDirectoryException($"Cannot create the data file {file}: {ex.Message}", ex);
        }
    }

    public string? PasswordOf(string account) => Locked(() => Run(_db, "SELECT password FROM accounts WHERE name = $1", account) as string);

    public bool AddAccount(string account, string passwordHash) =>
        Locked(() => Execute("INSERT OR IGNORE INTO accounts (name, password) VALUES ($1, $2)", account, passwordHash) == 1);

    public void SetPassword(string account, string passwordHash) =>
        Locked(() => Execute("UPDATE accounts SET password = $2 WHERE name = $1", account, passwordHash));

    public void RemoveAccount(string account) => Locked(() =>
    {
        using var transaction = _db.BeginTransaction();
        Execute("DELETE FROM room_lists WHERE room IN (SELECT name FROM rooms WHERE owner = $1)", account);
        Execute("DELETE FROM rooms WHERE owner = $1", account);
        var removed = Execute("DELETE FROM accounts WHERE name = $1", account);
        transaction.Commit();
        return removed;
    });

    public RegisteredRoom? Room(string room) => Locked(() =>
    {
        using var settings = Command("SELECT owner, topic, private, key FROM rooms WHERE name = $1", room);
        using var row = settings.ExecuteReader();
        if (!row.Read())
        {
            return null;
        }

        var lists = Enum.GetValues<RoomList>().ToDictionary(list => list, _ => new Dictionary<string, string>());
        using (var listed = Command("SELECT list, who, label FROM room_lists WHERE room = $1", room))
        using (var entry = listed.ExecuteReader())
        {
            while (entry.Read())
            {
                lists[(RoomList)entry.GetInt32(0)][entry.GetString(1)] = entry.GetString(2);
            }
        }

        return new RegisteredRoom(
            row.GetString(0),
            row.IsDBNull(1) ? null : row.GetString(1),
            row.GetInt64(2) != 0,
            row.IsDBNull(3) ? null : row.GetString(3),
            new HashSet<string>(lists[RoomList.Operators].Keys),
            lists[RoomList.Bans],
            lists[RoomList.Invites]);
    });

    public bool RegisterRoom(string room, string owner) =>
        Locked(() => Execute("INSERT OR IGNORE INTO rooms (name, owner) VALUES ($1, $2)", room, owner) == 1);

    public void SetRoom(string room, RoomSetting setting, string? value) => Locked(() => setting switch
    {
        RoomSetting.Topic => Execute("UPDATE rooms SET topic = $2 WHERE name = $1", room, value),
        RoomSetting.Private => Execute("UPDATE rooms SET private = $2 WHERE name = $1", room, value is null ? 0 : 1),
        _ => Execute("UPDATE rooms SET key = $2 WHERE name = $1", room, value),
    });

    public void SetListed(string room, RoomList list, string who, string? label) => Locked(() => label is null
        ? Execute("DELETE FROM room_lists WHERE room = $1 AND list = $2 AND who = $3", room, (int)list, who)
        : Execute("INSERT INTO room_lists (room, list, who, label) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM rooms WHERE name = $1) ON CONFLICT (room, list, who) DO UPDATE SET label = excluded.label", room, (int)list, who, label));

    public void ClearList(string room, RoomList list) => Locked(() => Execute("DELETE FROM room_lists WHERE room = $1 AND list = $2", room, (int)list));

    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
        }
    }

    private static object? Run(SqliteConnection db, string sql, params object?[] values)
    {
        using var command = Command(db, sql, values);
        return command.ExecuteScalar();
    }

    private static SqliteCommand Command(SqliteConnection db, string sql, params object?[] values)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", values[i] ?? DBNull.Value);
        }

        return command;
    }

    private SqliteCommand Command(string sql, params object?[] values) => Command(_db, sql, values);

    private int Execute(string sql, params object?[] values)
    {
        using var command = Command(sql, values);
        return command.ExecuteNonQuery();
    }

    private T Locked<T>(Func<T> work)
    {
        lock (_lock)
        {
            try
            {
                return Hosting.ChatMeter.Timed("sqlite", work);
            }
            catch (SqliteException ex)
            {
                throw new StoreUnavailableException($"the data file cannot be written: {ex.Message}", ex);
            }
        }
    }
}
