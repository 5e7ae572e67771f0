using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>A client that says who it is in its first line arrives under that name: one join notice, never its address (SPEC §10).</summary>
public class IntroductionTests
{
    private const string Password = "correct-horse-1";

    [Test]
    public void AFirstLineNick_IsTheNameTheArrivalIsAnnouncedUnder_AndNoLineCarriesTheAddress()
    {
        using var server = TestServer.Start(waitForIntroductions: true);
        using var watcher = server.Join();
        using var alice = RawClient.Connect(server.Port);
        alice.Send("/nick alice");
        alice.Send("hello");

        var seen = new List<string> { watcher.Next(), watcher.Next() };

        Assert.That(seen, Is.EqualTo(new[] { "* alice joined (2 online)", "alice: hello" }));
        Assert.That(alice.NextMatching(line => line == "alice: hello"), Is.Not.Empty);
    }

    [Test]
    public void CapIdsBeforeTheNick_InTheSameWrite_StillArrivesUnderTheName_WithIdsOn()
    {
        using var server = TestServer.Start(waitForIntroductions: true);
        using var watcher = server.Join();
        using var alice = RawClient.Connect(server.Port);
        alice.SendBytes("/cap ids\0/nick alice\0hello\0"u8.ToArray());

        Assert.That(new[] { watcher.Next(), watcher.Next() }, Is.EqualTo(new[] { "* alice joined (2 online)", "alice: hello" }));
        Assert.That(alice.NextMatching(line => line.Contains("hello", StringComparison.Ordinal)), Does.Match(@"^@#lobby:\d+:\d+ alice: hello$"));
    }

    [Test]
    public void AFirstLineLogin_ArrivesLoggedIn_UnderTheAccountsName_TakingItOver()
    {
        using var server = TestServer.Start(waitForIntroductions: true);
        using var first = server.Join();
        first.Send("/nick alice");
        first.Send($"/register {Password}");
        first.NextMatching(line => line.StartsWith("* registered alice", StringComparison.Ordinal));
        using var watcher = server.Join();

        using var again = RawClient.Connect(server.Port);
        again.Send($"/login alice {Password}");

        Assert.That(again.NextMatching(line => line.StartsWith("* logged in", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"));
        Assert.That(watcher.NextMatching(line => line.Contains(" joined (", StringComparison.Ordinal)), Is.EqualTo("* alice joined (3 online)"));
        first.NextMatching(line => line.Contains("logged in from another connection", StringComparison.Ordinal));
    }

    [Test]
    public void ASilentClient_ArrivesUnderItsAddress_AndOneWhoseFirstLineIsChat_SaysItAfterArriving()
    {
        using var server = TestServer.Start(waitForIntroductions: true);
        using var watcher = server.Join();
        using var talker = RawClient.Connect(server.Port);
        talker.Send("hi all");

        Assert.That(new[] { watcher.Next(), watcher.Next() }, Is.EqualTo(new[] { $"* {talker.Label} joined (2 online)", $"{talker.Label}: hi all" }));
    }

    [Test]
    public void AFirstLineNickThatIsTaken_ArrivesAsAGuest_AndIsTold()
    {
        using var server = TestServer.Start(new ServerOptions { Cloak = true }, waitForIntroductions: true);
        using var alice = server.Connect();
        alice.Send("/nick alice");
        alice.NextMatching(line => line == "* alice joined (1 online)");

        using var other = server.Connect();
        other.Send("/nick ALICE");

        Assert.That(other.Next(), Is.EqualTo("* error: the nickname ALICE is taken"));
        Assert.That(alice.Next(), Does.Match(@"^\* guest-[a-z2-9]{6} joined \(2 online\)$"));
    }
}
