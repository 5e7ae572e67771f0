using System.Diagnostics;
using System.Text;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Accounts and protected nicknames (SPEC §10), on the real server over loopback.</summary>
public class AccountTests
{
    private const string Password = "correct-horse-1";

    [Test]
    public void ARegisteredName_CannotBeTakenByAnother_ButANewLoginTakesItOverFromTheOlderConnection()
    {
        using var server = TestServer.Start();
        using var alice = Named(server, "alice");
        alice.Send($"/register {Password}");
        alice.NextMatching(line => line.StartsWith("* registered alice", StringComparison.Ordinal));
        using var bob = Named(server, "bob");

        bob.Send("/nick alice");
        Assert.That(bob.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: alice is registered; /login alice PASSWORD"));
        bob.Send("/nick ALICE");
        Assert.That(bob.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Does.StartWith("* error: ALICE is registered"), "case does not make another name");

        using var laptop = server.Join();
        laptop.Send($"/login alice {Password}");
        Assert.That(laptop.NextMatching(line => line.StartsWith("* logged in", StringComparison.Ordinal) || line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"));
        Assert.That(alice.NextMatching(line => line.Contains("logged in from another connection", StringComparison.Ordinal)),
            Is.EqualTo($"* alice logged in from another connection, which has the name now; here you are {alice.Label}, logged out"));
        laptop.Send("hi from the laptop");
        Assert.That(bob.NextMatching(line => line.EndsWith("hi from the laptop", StringComparison.Ordinal)), Is.EqualTo("alice: hi from the laptop"));
    }

    [Test]
    public void AWrongPassword_AndAnUnknownAccount_GetTheSameReply()
    {
        using var server = TestServer.Start();
        using var alice = Named(server, "alice");
        alice.Send($"/register {Password}");
        alice.NextMatching(line => line.StartsWith("* registered", StringComparison.Ordinal));
        using var mallory = server.Join();

        mallory.Send("/login alice not-her-password");
        var wrong = mallory.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal));
        mallory.Send("/login nobody not-her-password");
        var unknown = mallory.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal));

        Assert.That(unknown, Is.EqualTo(wrong));
        Assert.That(wrong, Is.EqualTo("* error: wrong account name or password"));
    }

    [Test]
    public void APassword_IsNeverEchoedBroadcastLoggedOrKeptInTheDataFiles_EvenInMalformedCommands()
    {
        var data = Directory.CreateTempSubdirectory("tincan-accounts-");
        var log = new StringWriter();
        try
        {
            using (var server = TestServer.Start(new ServerOptions { Data = data.FullName }, log: log))
            {
                using var alice = Named(server, "alice");
                using var bob = Named(server, "bob");
                alice.Send($"/register {Password}");
                alice.Send($"/password {Password} {Password}-2");
                alice.Send($"/login alice {Password}-2 extra-word");
                alice.Send($"/register");
                alice.Send($"/LOGIN {Password}");
                alice.Send($"/unregister {Password}-wrong and more");
                alice.Send("done");
                var seen = new List<string> { bob.NextMatching(line => line == "alice: done") };
                var answered = new List<string>();
                while (answered.Count == 0 || answered[^1] != "alice: done")
                {
                    answered.Add(alice.Next());
                }

                Assert.That(answered, Has.Some.EqualTo("* password changed"));
                Assert.That(answered.Concat(seen), Has.None.Contains(Password), "no reply or broadcast holds a password");
                Assert.That(answered.Count(line => line.StartsWith("* error: usage: ", StringComparison.Ordinal)), Is.EqualTo(4), "each malformed one answered, none said to the room");
            }

            foreach (var file in data.EnumerateFiles())
            {
                Assert.That(Encoding.UTF8.GetString(File.ReadAllBytes(file.FullName)), Does.Not.Contain(Password), file.Name);
            }

            Assert.That(log.ToString(), Does.Contain("registered").And.Not.Contain(Password), "the Debug log");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Test]
    public void FiftyWrongPasswords_AreSlowedDown_WithoutSlowingOthersChat_AndTheRightOneWorksAfterTheWait()
    {
        // The server's clock stands still unless the test moves it: the waits are exactly as told.
        var clock = new ManualClock();
        using var server = TestServer.Start(time: clock);
        using var alice = Named(server, "alice");
        alice.Send($"/register {Password}");
        alice.NextMatching(line => line.StartsWith("* registered", StringComparison.Ordinal));
        using var attacker = server.Join();
        using var carol = Named(server, "carol");
        using var dave = Named(server, "dave");

        var slowest = TimeSpan.Zero;
        var replies = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            attacker.Send($"/login alice guess-{i:D3}");
            var timer = Stopwatch.StartNew();
            carol.Send($"ping {i}");
            dave.NextMatching(line => line == $"carol: ping {i}");
            slowest = timer.Elapsed > slowest ? timer.Elapsed : slowest;
            replies.Add(attacker.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)));
        }

        TestContext.Out.WriteLine($"slowest chat line during the brute force: {slowest.TotalMilliseconds:F0} ms");
        Assert.That(replies.Take(4), Has.All.EqualTo("* error: wrong account name or password"));
        Assert.That(replies[4], Is.EqualTo("* error: wrong account name or password; too many failures: the next try in 1 s"));
        Assert.That(replies.Skip(5), Has.All.EqualTo("* error: too many failed logins: try again in 1 s"), "after 5 failures, tries are refused unread until the wait is over");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2)), "others chat on meanwhile");

        clock.Advance(TimeSpan.FromSeconds(1));
        attacker.Send("/login alice guess-again");
        Assert.That(attacker.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Is.EqualTo("* error: wrong account name or password; too many failures: the next try in 2 s"), "the wait grows");
        clock.Advance(TimeSpan.FromSeconds(2));
        attacker.Send($"/login alice {Password}");
        Assert.That(attacker.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal) || line.StartsWith("* logged in", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"), "the right password after the wait");
    }

    [Test]
    public void Logout_GivesTheNameUp_AndPasswordAndUnregisterNeedTheCurrentPassword()
    {
        using var server = TestServer.Start();
        using var alice = Named(server, "alice");
        alice.Send($"/register {Password}");
        alice.NextMatching(line => line.StartsWith("* registered", StringComparison.Ordinal));

        alice.Send("/password wrong-password new-password-1");
        Assert.That(alice.NextMatching(line => line.StartsWith("* ", StringComparison.Ordinal) && !line.Contains(" joined", StringComparison.Ordinal)), Is.EqualTo("* error: wrong password"));
        alice.Send("/password short");
        Assert.That(alice.NextMatching(line => line.StartsWith("* error", StringComparison.Ordinal)), Does.StartWith("* error: usage: /password OLD NEW"));
        alice.Send("/logout");
        Assert.That(alice.NextMatching(line => line.StartsWith("* logged out", StringComparison.Ordinal)), Is.EqualTo($"* logged out; you are {alice.Label} now"));
        alice.Send($"/login alice {Password}");
        alice.NextMatching(line => line == "* logged in as alice");
        alice.Send($"/unregister {Password}");
        Assert.That(alice.NextMatching(line => line.StartsWith("* the account", StringComparison.Ordinal)), Does.StartWith("* the account alice is deleted"));

        using var bob = Named(server, "bob");
        alice.Send("/nick alice2");
        alice.NextMatching(line => line.EndsWith("is now known as alice2", StringComparison.Ordinal));
        bob.Send("/nick alice");
        Assert.That(bob.NextMatching(line => line.EndsWith("is now known as alice", StringComparison.Ordinal)), Is.EqualTo("* bob is now known as alice"), "an unregistered name is free again");
    }

    internal static RawClient Named(TestServer server, string name)
    {
        var client = server.Join();
        client.Send($"/nick {name}");
        client.NextMatching(line => line == $"* {client.Label} is now known as {name}");
        return client;
    }
}
