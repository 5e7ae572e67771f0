using Microsoft.Data.Sqlite;

namespace TinCanChat.Server.Chat.History;

/// <summary>Opening the file: the directory's lock, a damaged file refused, the schema brought up to date.</summary>
internal sealed partial class SqliteHistoryStore
{
    /// <summary>Opens (creating on first start) the store in <paramref name="directory"/>.</summary>
    /// <param name="limits">Lines (<c>--history-keep</c>) and bytes kept per room, and bytes in all.</param>
    /// <exception cref="DataDirectoryException">The directory is in use, cannot be written, or its file is damaged.</exception>
    public static SqliteHistoryStore Open(string directory, HistoryLimits limits)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryException($"Cannot create the data directory {full} (is it a file, or not writable?): {ex.Message}", ex);
        }

        FileStream directoryLock;
        try
        {
            directoryLock = new FileStream(Path.Combine(full, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(Path.Combine(full, LockFileName)) && ex is not DirectoryNotFoundException)
        {
            throw new DataDirectoryException($"The data directory {full} is in use by another TinCanChat server: give each server its own --data.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryException($"Cannot use the data directory {full}: {ex.Message}", ex);
        }

        var file = Path.Combine(full, FileName);
        SqliteConnection? db = null;
        try
        {
            db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            db.Open();
            Prepare(db, file);
            return new SqliteHistoryStore(directoryLock, db, limits);
        }
        catch (Exception ex) when (ex is SqliteException or DataDirectoryException)
        {
            db?.Dispose();
            directoryLock.Dispose();
            throw ex as DataDirectoryException
                ?? new DataDirectoryException($"The data file {file} is damaged or is not a TinCanChat database ({ex.Message.TrimEnd('.')}); it was left as it is: move it away to start afresh.", ex);
        }
    }

    // WAL, the schema brought up to date, and a look at the file: a damaged one is refused at start.
    private static void Prepare(SqliteConnection db, string file)
    {
        var check = Scalar(db, "PRAGMA quick_check") as string;
        if (check != "ok")
        {
            throw new DataDirectoryException($"The data file {file} is damaged ({check}); it was left as it is: move it away to start afresh.");
        }

        Scalar(db, "PRAGMA journal_mode = WAL");
        Scalar(db, "PRAGMA synchronous = NORMAL");
        var version = Convert.ToInt32(Scalar(db, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new DataDirectoryException($"The data file {file} was written by a newer TinCanChat (schema {version}; this one knows {SchemaVersion}): run that version, or move the file away.");
        }

        if (version < 1)
        {
            Scalar(db, "CREATE TABLE IF NOT EXISTS lines (room TEXT NOT NULL, id INTEGER NOT NULL, said_at INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (room, id)) WITHOUT ROWID");
            Scalar(db, $"PRAGMA user_version = {SchemaVersion}");
        }
    }
}
