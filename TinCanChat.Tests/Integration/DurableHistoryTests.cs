using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>SPEC §12: what was said survives the server, even killed, in its --data directory.</summary>
public class DurableHistoryTests
{
    private string _data = "";

    [SetUp]
    public void MakeDataDirectory() => _data = Directory.CreateTempSubdirectory("tincan-data-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_data, recursive: true);

    [Test]
    public void KilledAndStartedAgain_ANewcomerGetsEverythingAnyoneSaw_AndIdsGoOn()
    {
        long lastId;
        using (var server = ProgramProcess.StartServer(out var port, "--data", _data, "--history", "50"))
        {
            using var talker = RawClient.Connect(port);
            talker.NextMatching(line => line.Contains(" joined", StringComparison.Ordinal));
            talker.Send("/cap ids");
            for (var i = 1; i <= 20; i++)
            {
                talker.Send($"line {i}");
            }

            // Seen by a client: from now on it must survive.
            var last = talker.NextMatching(line => line.EndsWith(": line 20", StringComparison.Ordinal));
            lastId = long.Parse(last.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            server.Kill();
        }

        using var again = ProgramProcess.StartServer(out var newPort, "--data", _data, "--history", "50");
        using var newcomer = RawClient.Connect(newPort);
        Assert.That(newcomer.Next(), Is.EqualTo("* history of #lobby:"));
        var replay = newcomer.NextChat(20);
        Assert.That(replay.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]), Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"line {i}")));
        newcomer.Send("/cap ids");
        newcomer.Send("after the restart");
        var next = newcomer.NextMatching(line => line.EndsWith(": after the restart", StringComparison.Ordinal));
        Assert.That(long.Parse(next.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(lastId + 1), "ids go on where they were");
    }

    [Test]
    public void ASecondServerOnTheSameDataDirectory_SaysSoAndExits()
    {
        using var first = ProgramProcess.StartServer(out _, "--data", _data);

        using var second = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", "0", "--data", _data);

        Assert.That(second.WaitForExit(), Is.EqualTo(1));
        Assert.That(second.StandardError, Has.One.Contains(_data).And.Contains("in use by another TinCanChat server"));
        Assert.That(second.StandardError, Has.None.Contains("   at "), "one sentence, no stack trace");
    }

    [Test]
    public void AClientWithReconnect_AfterTheServerWasKilledAndStarted_ShowsWhatItMissedOnceEach()
    {
        using var server = ProgramProcess.StartServer(out var port, "--data", _data);
        using var client = ProgramProcess.Start("Client", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--nick", "alice", "--reconnect");
        client.NextLineMatching(line => line.StartsWith("* alice joined", StringComparison.Ordinal));
        using (var talker = RawClient.Connect(port))
        {
            talker.NextMatching(line => line.StartsWith($"* {talker.Label} joined", StringComparison.Ordinal));
            talker.Send("before");
            client.NextLineMatching(line => line.EndsWith(": before", StringComparison.Ordinal));
            server.Kill();
        }

        // Started again on the same port and data; the lines are said before alice is back
        // (its first try is a second after the loss).
        using var restarted = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", _data);
        restarted.NextLineMatching(line => line.Contains("Listening on ", StringComparison.Ordinal));
        using var bob = RawClient.Connect(port);
        bob.NextMatching(line => line.Contains(" joined", StringComparison.Ordinal));
        foreach (var line in (string[])["missed 1", "missed 2", "missed 3", "missed 4", "missed 5"])
        {
            bob.Send(line);
        }

        bob.NextChat(5);
        bob.NextMatching(line => line.StartsWith("* alice joined", StringComparison.Ordinal));
        bob.Send("live");

        var shown = new List<string>();
        while (shown.Count == 0 || !shown[^1].EndsWith(": live", StringComparison.Ordinal))
        {
            shown.Add(client.NextLineMatching(line => !line.StartsWith("* ", StringComparison.Ordinal)));
        }

        Assert.That(shown.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]), Is.EqualTo(new[] { "missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "live" }),
            "each line said while it was away, once and in order, then the live one; nothing seen before again");
    }
}
