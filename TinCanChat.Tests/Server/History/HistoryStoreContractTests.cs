using System.Text;
using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat.History;

namespace TinCanChat.Tests.Server.History;

/// <summary>What every history store does, in memory and on disk alike.</summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
public class HistoryStoreContractTests(string kind)
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tincan-store-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Ids_IncreasePerRoom_AndLinesComeBackAsSaid()
    {
        using var store = Open(keep: 100);

        var first = store.AppendOne("lobby", Frame("alice: one"), 1000);
        var second = store.AppendOne("lobby", Frame("bob: two ünï 🧀"), 2000);
        var other = store.AppendOne("dev", Frame("carol: elsewhere"), 3000);

        Assert.That((first.Id, second.Id, other.Id), Is.EqualTo((1L, 2L, 1L)), "each room numbers its own lines");
        Assert.That(store.Last("lobby", 10).Select(Text), Is.EqualTo(new[] { "alice: one", "bob: two ünï 🧀" }));
        Assert.That(store.Last("lobby", 10)[1].SaidAtMs, Is.EqualTo(2000));
        Assert.That(store.NextId("lobby"), Is.EqualTo(3));
        Assert.That(store.NextId("nowhere"), Is.EqualTo(1));
    }

    [Test]
    public void AReadOfManyLines_IsNumberedInOrder_AndKeptWhole()
    {
        using var store = Open(keep: 100);
        store.AppendOne("lobby", Frame("before"), 1);

        var lines = store.Append("lobby", [.. Enumerable.Range(1, 37).Select(i => Frame($"paste {i} ✓"))], 2);

        Assert.That(lines.Select(line => line.Id), Is.EqualTo(Enumerable.Range(2, 37).Select(i => (long)i)));
        Assert.That(store.Last("lobby", 100).Select(Text), Is.EqualTo(new[] { "before" }.Concat(Enumerable.Range(1, 37).Select(i => $"paste {i} ✓"))));
        Assert.That(store.NextId("lobby"), Is.EqualTo(39));
    }

    [Test]
    public void KeepsTheLastLinesOnly_AndSaysHowManyAreGone()
    {
        using var store = Open(keep: 3);
        for (var i = 1; i <= 10; i++)
        {
            store.AppendOne("lobby", Frame($"line {i}"), i);
        }

        Assert.That(store.Last("lobby", 100).Select(line => line.Id), Is.EqualTo(new long[] { 8, 9, 10 }));
        Assert.That(store.Before("lobby", 10, 5).Select(line => line.Id), Is.EqualTo(new long[] { 8, 9 }));
        var (after, gone) = store.After("lobby", 2);
        Assert.That(after.Select(line => line.Id), Is.EqualTo(new long[] { 8, 9, 10 }));
        Assert.That(gone, Is.EqualTo(5), "3 to 7 are no longer kept");
        Assert.That(store.After("lobby", 10).Lines, Is.Empty);
        Assert.That(store.After("lobby", 10).Gone, Is.Zero);
    }

    [Test]
    public void ARead_SeveralLinesAtOnce_AreNumberedOneAfterTheOther()
    {
        using var store = Open(keep: 100);
        store.AppendOne("lobby", Frame("first"), 1);

        var lines = store.Append("lobby", [Frame("a"), Frame("b"), Frame("c")], 2);

        Assert.That(lines.Select(line => line.Id), Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(store.Last("lobby", 10).Select(Text), Is.EqualTo(new[] { "first", "a", "b", "c" }));
    }

    [Test]
    public void KeepsTheNewestLinesWithinTheRoomsBytes_AndALineTooBigClearsTheRest()
    {
        using var store = Open(keep: 1000, roomBytes: 3000);
        for (var i = 1; i <= 10; i++)
        {
            store.AppendOne("lobby", Frame(new string('x', 999)), i);
        }

        Assert.That(store.Last("lobby", 100).Select(line => line.Id), Is.EqualTo(new long[] { 8, 9, 10 }));

        store.AppendOne("lobby", Frame(new string('y', 5000)), 11);

        Assert.That(store.Last("lobby", 100), Is.Empty, "the older lines would come with the big one missing after them");
        Assert.That(store.AppendOne("lobby", Frame("small"), 12).Id, Is.EqualTo(12));
        Assert.That(store.Last("lobby", 100).Select(Text), Is.EqualTo(new[] { "small" }));
    }

    [Test]
    public void AllRoomsTogether_StayWithinTheTotalBytes()
    {
        using var store = Open(keep: 1000, totalBytes: 5000);
        Enumerable.Range(0, 4).ToList().ForEach(i => store.AppendOne("first", Frame(new string('a', 999)), i));

        Enumerable.Range(0, 4).ToList().ForEach(i => store.AppendOne("second", Frame(new string('b', 999)), i));

        Assert.That(store.Last("first", 100).Count + store.Last("second", 100).Count, Is.LessThanOrEqualTo(5));
        Assert.That(store.Last("second", 100), Is.Not.Empty, "the room speaking now keeps its newest");
    }

    [Test]
    public void IdsGoOnAfterTheRoomEmpties()
    {
        using var store = Open(keep: 100);
        store.AppendOne("dev", Frame("said"), 1);

        store.RoomEmptied("dev");

        Assert.That(store.AppendOne("dev", Frame("again"), 2).Id, Is.EqualTo(2));
    }

    private static byte[] Frame(string text) => FrameEncoder.Encode(text);

    private static string Text(LoggedLine line) => Encoding.UTF8.GetString(line.Frame, 0, line.Frame.Length - 1);

    private IHistoryStore Open(int keep, long roomBytes = HistoryLimits.DefaultRoomBytes, long totalBytes = HistoryLimits.DefaultTotalBytes) => kind == "memory"
        ? new MemoryHistoryStore(new HistoryLimits(keep, roomBytes, totalBytes))
        : SqliteHistoryStore.Open(_folder, new HistoryLimits(keep, roomBytes, totalBytes));
}
