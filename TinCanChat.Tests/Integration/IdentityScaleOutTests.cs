using System.Text;
using StackExchange.Redis;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Accounts and registered rooms across servers (SPEC §10 with §9): kept in a real Redis, orders carried to the server a member is on.</summary>
public class IdentityScaleOutTests
{
    private const string Password = "correct-horse-1";

    [Test]
    public void AcrossTwoServers_NamesAreProtected_InvitesAndKicksReachTheOtherServer_AndALoginTakesTheNameOver_AndARestartKeepsIt()
    {
        using var network = ServerNetwork.Start(2);
        using var alice = network.JoinAs(0, "alice");
        alice.Send($"/register {Password}");
        alice.NextMatching(line => line.StartsWith("* registered alice", StringComparison.Ordinal));
        using var bob = network.JoinAs(1, "bob");
        using var carol = network.JoinAs(1, "carol");

        bob.Send("/nick alice");
        Assert.That(Error(bob), Is.EqualTo("* error: alice is registered; /login alice PASSWORD"));
        Assert.That(EverythingIn(network.Redis), Does.Contain("pbkdf2-sha256$600000$").And.Not.Contain(Password), "Redis keeps the hash, never the password");

        alice.Send("/join team");
        alice.Send("/room register");
        alice.NextMatching(line => line.StartsWith("* #team is registered to alice", StringComparison.Ordinal));
        alice.Send("/room private on");
        alice.NextMatching(line => line.StartsWith("* alice made #team private", StringComparison.Ordinal));
        alice.Send("/invite bob");
        bob.NextMatching(line => line == "* alice invited you to #team: /join #team");
        bob.Send("/join team");
        alice.NextMatching(line => line == "* bob joined #team");
        carol.Send("/join team");
        Assert.That(Error(carol), Does.StartWith("* error: #team is private"));

        alice.Send("/kick bob off topic");
        Assert.That(bob.NextMatching(line => line.Contains("kicked", StringComparison.Ordinal)), Is.EqualTo("* you were kicked from #team by alice: off topic"));
        Assert.That(alice.NextMatching(line => line.Contains("kicked", StringComparison.Ordinal)), Is.EqualTo("* alice kicked bob from #team: off topic"));

        using var phone = network.Join(1);
        phone.Send($"/login alice {Password}");
        Assert.That(phone.NextMatching(line => line.StartsWith("* logged in", StringComparison.Ordinal) || line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"));
        alice.NextMatching(line => line.Contains("logged in from another connection", StringComparison.Ordinal));

        network.Kill(0);
        network.Kill(1);
        network.Restart(0);
        network.Restart(1);
        using var again = network.Join(1);
        again.Send($"/login alice {Password}");
        again.NextMatching(line => line == "* logged in as alice");
        again.Send("/join team");
        again.Send("/room info");
        Assert.That(again.NextMatching(line => line.StartsWith("* #team:", StringComparison.Ordinal)), Is.EqualTo("* #team: owner alice; operators: none; topic: none; private (invite only)"));
        using var stranger = network.JoinAs(0, "mallory");
        stranger.Send("/join team");
        Assert.That(Error(stranger), Does.StartWith("* error: #team is private"));
    }

    // Every key and every value Redis holds, as text.
    private static string EverythingIn(RedisProcess redis)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.Configuration + ",allowAdmin=true");
        var db = connection.GetDatabase();
        var text = new StringBuilder();
        foreach (var key in connection.GetServer(redis.Configuration).Keys(pattern: "*"))
        {
            text.AppendLine(key.ToString());
            text.AppendLine(db.KeyType(key) switch
            {
                RedisType.String => db.StringGet(key).ToString(),
                RedisType.Hash => string.Join(" ", db.HashGetAll(key).Select(entry => $"{entry.Name}={entry.Value}")),
                RedisType.Set => string.Join(" ", db.SetMembers(key)),
                RedisType.SortedSet => string.Join(" ", db.SortedSetRangeByRank(key)),
                RedisType.List => string.Join(" ", db.ListRange(key)),
                RedisType.Stream => string.Join(" ", db.StreamRange(key).SelectMany(entry => entry.Values).Select(field => field.Value)),
                _ => "",
            });
        }

        return text.ToString();
    }

    private static string Error(RawClient client) => client.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal));
}
