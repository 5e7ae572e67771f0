using StackExchange.Redis;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Store;
using TinCanChat.Server.Store.Identity;
using TinCanChat.Server.Store.Redis;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Store;

/// <summary>What every identity store must do (SPEC §10, §12): the same answers from memory, SQLite and a real Redis.</summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("redis")]
public class IdentityStoreContractTests(string kind)
{
    private readonly List<IDisposable> _owned = [];
    private Func<IIdentityStore> _open = null!;

    [SetUp]
    public void Open()
    {
        switch (kind)
        {
            case "memory":
                var memory = new MemoryIdentityStore();
                _open = () => memory;
                break;
            case "sqlite":
                var folder = Directory.CreateTempSubdirectory("tincan-identity-");
                _owned.Add(new Cleanup(() => folder.Delete(recursive: true)));
                _open = () => SqliteIdentityStore.Open(folder.FullName);
                break;
            default:
                var redis = RedisProcess.Start();
                _owned.Add(redis);
                var connection = ConnectionMultiplexer.Connect(redis.Configuration);
                _owned.Insert(0, connection);
                _open = () => new RedisIdentityStore(connection.GetDatabase());
                break;
        }
    }

    [TearDown]
    public void Close()
    {
        _owned.ForEach(owned => owned.Dispose());
        _owned.Clear();
    }

    [Test]
    public void TwoRegistrationsOfOneAccountAtOnce_OneWins()
    {
        using var store = _open();
        var wins = 0;
        Parallel.For(0, 8, i =>
        {
            if (store.AddAccount("alice", $"hash-{i}"))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.That(wins, Is.EqualTo(1));
        Assert.That(store.PasswordOf("alice"), Does.StartWith("hash-"));
        Assert.That(store.PasswordOf("bob"), Is.Null);
    }

    [Test]
    public void TwoOwnersOfOneRoomAtOnce_OneWins()
    {
        using var store = _open();
        var owners = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, i =>
        {
            if (store.RegisterRoom("team", $"owner{i}"))
            {
                owners.Add($"owner{i}");
            }
        });

        Assert.That(owners, Has.Count.EqualTo(1));
        Assert.That(store.Room("team")!.Owner, Is.EqualTo(owners.Single()));
    }

    [Test]
    public void ARoomsSettingsAndLists_AreKept_AndGoWithItsOwnersAccount()
    {
        var store = _open();
        store.AddAccount("alice", "h1");
        store.RegisterRoom("team", "alice");
        store.SetRoom("team", RoomSetting.Topic, "Plans");
        store.SetRoom("team", RoomSetting.Private, "on");
        store.SetRoom("team", RoomSetting.Key, "k");
        store.SetListed("team", RoomList.Operators, "bob", "bob");
        store.SetListed("team", RoomList.Bans, Listed.Address("192.0.2.7"), "guest-abc");
        store.SetListed("team", RoomList.Invites, Listed.Account("carol"), "carol");
        store.SetListed("unregistered", RoomList.Bans, "x", "y");
        store.SetPassword("alice", "h2");
        if (kind == "sqlite")
        {
            store.Dispose();
            store = _open();
        }

        using (store)
        {
            var room = store.Room("team")!;
            Assert.That((room.Owner, room.Topic, room.IsPrivate, room.Key), Is.EqualTo(("alice", "Plans", true, "k")));
            Assert.That(room.Operators, Is.EquivalentTo(new[] { "bob" }));
            Assert.That(room.Bans[Listed.Address("192.0.2.7")], Is.EqualTo("guest-abc"));
            Assert.That(room.Invites.Keys, Is.EquivalentTo(new[] { Listed.Account("carol") }));
            Assert.That(store.Room("unregistered"), Is.Null, "a list of a room no one owns is not kept");
            Assert.That(store.PasswordOf("alice"), Is.EqualTo("h2"));

            store.ClearList("team", RoomList.Invites);
            store.SetRoom("team", RoomSetting.Key, null);
            Assert.That((store.Room("team")!.Invites.Count, store.Room("team")!.Key), Is.EqualTo((0, (string?)null)));

            store.RemoveAccount("alice");
            Assert.That((store.PasswordOf("alice"), store.Room("team")), Is.EqualTo(((string?)null, (RegisteredRoom?)null)));
            Assert.That(store.RegisterRoom("team", "bob"), Is.True, "the room is free again");
        }
    }

    private sealed class Cleanup(Action done) : IDisposable
    {
        public void Dispose() => done();
    }
}
