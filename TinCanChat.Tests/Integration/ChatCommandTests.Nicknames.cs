using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>/nick: the name rule, uniqueness whatever the case, and the race for one name.</summary>
public partial class ChatCommandTests
{
    [Test]
    public void Nick_ValidName_EveryoneSeesTheChangeAndLinesCarryIt()
    {
        using var server = TestServer.Start();
        using var alice = server.Join();
        using var bob = server.Join();
        alice.WaitForJoinOf(bob);

        alice.Send("/nick alice");
        alice.Send("hello");

        Assert.That(bob.Next(), Is.EqualTo($"* {alice.Label} is now known as alice"));
        Assert.That(bob.Next(), Is.EqualTo("alice: hello"));
    }

    [TestCase("1abc", "* error: nickname '1abc' must start with a letter")]
    [TestCase("this-name-is-far-too-long-to-use", "* error: nickname 'this-name-is-far-too-long-to-use' must be 1 to 24 characters")]
    [TestCase("bob!", "* error: nickname 'bob!' may hold only letters, digits, _ and -")]
    public void Nick_InvalidName_OnlyTheSenderIsToldWhy(string name, string error)
    {
        using var server = TestServer.Start();
        using var alice = server.Join();

        alice.Send($"/nick {name}");

        Assert.That(alice.Next(), Is.EqualTo(error));
    }

    [Test]
    public void Nick_TakenInAnotherCase_IsRefusedAndFreedWhenItsOwnerLeaves()
    {
        using var server = TestServer.Start();
        var alice = server.Join();
        using var bob = server.Join();
        alice.Send("/nick Alice");
        bob.NextMatching(line => line.EndsWith("is now known as Alice", StringComparison.Ordinal));

        bob.Send("/nick ALICE");
        Assert.That(bob.Next(), Is.EqualTo("* error: the nickname ALICE is taken"));

        alice.Dispose();
        bob.NextMatching(line => line.StartsWith("* Alice left", StringComparison.Ordinal));
        bob.Send("/nick ALICE");
        Assert.That(bob.Next(), Is.EqualTo($"* {bob.Label} is now known as ALICE"));
    }

    [Test]
    public void Nick_TenClientsAskForOneNameAtOnce_ExactlyOneGetsIt()
    {
        using var server = TestServer.Start();
        var clients = Enumerable.Range(0, 10).Select(_ => server.Join()).ToList();
        using var witness = server.Join();
        clients.ForEach(client => client.WaitForJoinOf(witness));
        var start = new Barrier(clients.Count);
        var threads = clients.Select(client => new Thread(() =>
        {
            start.SignalAndWait();
            client.Send("/nick same");
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var winners = 0;
        foreach (var client in clients)
        {
            var own = client.NextMatching(line => line == $"* {client.Label} is now known as same" || line.StartsWith("* error:", StringComparison.Ordinal));
            if (own.StartsWith("* error:", StringComparison.Ordinal))
            {
                Assert.That(own, Is.EqualTo("* error: the nickname same is taken"));
            }
            else
            {
                winners++;
            }
        }

        Assert.That(winners, Is.EqualTo(1), "exactly one got the name");
        Assert.That(witness.NextMatching(line => line.EndsWith("is now known as same", StringComparison.Ordinal)), Does.StartWith("* 127.0.0.1:"));
        clients.ForEach(client => client.Dispose());
    }
}
