using Microsoft.Data.Sqlite;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;

namespace TinCanChat.Tests.Server.History;

/// <summary>The file on disk (SPEC §12): kept across restarts, one server at a time, never replaced.</summary>
public class SqliteHistoryStoreTests
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tincan-sqlite-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void LinesAndIds_SurviveClosingAndOpeningAgain()
    {
        using (var store = SqliteHistoryStore.Open(_folder, new HistoryLimits(100)))
        {
            store.AppendOne("lobby", FrameEncoder.Encode("before the restart"), 42);
        }

        using var reopened = SqliteHistoryStore.Open(_folder, new HistoryLimits(100));

        Assert.That(reopened.Last("lobby", 10).Single().SaidAtMs, Is.EqualTo(42));
        Assert.That(reopened.AppendOne("lobby", FrameEncoder.Encode("after"), 43).Id, Is.EqualTo(2), "ids go on");
    }

    [Test]
    public void ASecondServerOnTheSameDirectory_IsRefusedNamingIt()
    {
        using var first = SqliteHistoryStore.Open(_folder, new HistoryLimits(100));

        Assert.That(() => SqliteHistoryStore.Open(_folder, new HistoryLimits(100)), Throws.InstanceOf<DataDirectoryException>()
            .With.Message.Contains(_folder).And.Message.Contains("in use by another TinCanChat server"));
    }

    [Test]
    public void ADamagedFile_StopsTheStartWithOneSentence_AndIsLeftAsItIs()
    {
        var file = Path.Combine(_folder, SqliteHistoryStore.FileName);
        var garbage = "this is not a database, just text that happens to be here\n"u8.ToArray();
        File.WriteAllBytes(file, [.. Enumerable.Repeat(garbage, 200).SelectMany(bytes => bytes)]);

        Assert.That(() => SqliteHistoryStore.Open(_folder, new HistoryLimits(100)), Throws.InstanceOf<DataDirectoryException>()
            .With.Message.Contains(file).And.Message.Contains("left as it is"));
        Assert.That(File.ReadAllBytes(file).Take(garbage.Length), Is.EqualTo(garbage), "not replaced");
    }

    [Test]
    public void AnEmptyFileOfAnOlderVersion_IsBroughtUpToDate()
    {
        var file = Path.Combine(_folder, SqliteHistoryStore.FileName);
        using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE unrelated (x INTEGER)";
            command.ExecuteNonQuery();
        }

        using var store = SqliteHistoryStore.Open(_folder, new HistoryLimits(100));

        Assert.That(store.AppendOne("lobby", FrameEncoder.Encode("works"), 1).Id, Is.EqualTo(1));
    }

    [Test]
    public void AFileOfANewerVersion_IsRefused()
    {
        var file = Path.Combine(_folder, SqliteHistoryStore.FileName);
        using (var newer = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            newer.Open();
            using var command = newer.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        Assert.That(() => SqliteHistoryStore.Open(_folder, new HistoryLimits(100)), Throws.InstanceOf<DataDirectoryException>().With.Message.Contains("newer TinCanChat"));
    }
}
