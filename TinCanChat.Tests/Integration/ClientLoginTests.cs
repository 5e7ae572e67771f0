using System.Globalization;
using TinCanChat.Client.Input;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>The client logs in by itself (SPEC §10): the password from TINCAN_PASSWORD or --password-file, never an argument; again after a reconnect.</summary>
public class ClientLoginTests
{
    private const string Password = "correct-horse-1";

    [Test]
    public void WithTincanPassword_TheClientArrivesLoggedIn_AndAgainAfterTheServerRestarts()
    {
        var data = Directory.CreateTempSubdirectory("tincan-login-");
        try
        {
            var server = ProgramProcess.StartServer(out var port, "--data", data.FullName);
            var portText = port.ToString(CultureInfo.InvariantCulture);
            using (var first = RawClient.Connect(port))
            {
                first.Send("/nick alice");
                first.Send($"/register {Password}");
                first.NextMatching(line => line.StartsWith("* registered alice", StringComparison.Ordinal));
            }

            using var watcher = RawClient.Connect(port);
            watcher.NextMatching(line => line.StartsWith($"* {watcher.Label} joined", StringComparison.Ordinal));
            using var client = ProgramProcess.Start("Client", new Dictionary<string, string> { [TinCanChat.Client.AccountPassword.Variable] = Password }, "127.0.0.1", "--port", portText, "--nick", "alice", "--reconnect");

            Assert.That(client.NextLineMatching(line => line.StartsWith("* logged in", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"));
            Assert.That(watcher.NextMatching(line => line.Contains(" joined (", StringComparison.Ordinal)), Is.EqualTo("* alice joined (2 online)"), "one join notice, under the account's name");

            server.Kill();
            server.Dispose();
            using var restarted = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", portText, "--data", data.FullName);
            restarted.NextLineMatching(line => line.Contains("Listening on ", StringComparison.Ordinal));
            Assert.That(client.NextLineMatching(line => line.StartsWith("* logged in", StringComparison.Ordinal)), Is.EqualTo("* logged in as alice"), "logged in again after the reconnect");
            client.Input.WriteLine("q");
            Assert.That(client.WaitForExit(), Is.Zero);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Test]
    public void APasswordFileThatCannotBeRead_OrWithoutNick_IsOneSentenceAndExitCode2()
    {
        using var missing = ProgramProcess.Start("Client", "127.0.0.1", "--nick", "alice", "--password-file", "/nonexistent/tincan-password");
        Assert.That(missing.WaitForExit(), Is.EqualTo(2));
        Assert.That(string.Join("\n", missing.StandardError), Does.StartWith("Cannot read the password file /nonexistent/tincan-password"));

        using var withoutNick = ProgramProcess.Start("Client", "127.0.0.1", "--password-file", "/etc/hostname");
        Assert.That(withoutNick.WaitForExit(), Is.EqualTo(2));
        Assert.That(string.Join("\n", withoutNick.StandardError), Does.Contain("Option '--password-file' needs '--nick NAME'"));
    }

    [TestCase("/login alice hunter22", "/login alice ********")]
    [TestCase("/LOGIN  alice hunter22", "/LOGIN  alice ********")]
    [TestCase("/register hunter22", "/register ********")]
    [TestCase("/password old-one new-one", "/password ******* *******")]
    [TestCase("/unregister hunter22", "/unregister ********")]
    [TestCase("/loginx hunter22", "/loginx hunter22")]
    [TestCase("hello /login alice x", "hello /login alice x")]
    public void WhileTyped_APasswordIsMasked(string typed, string drawn) =>
        Assert.That(SecretCommands.Masked(typed), Is.EqualTo(drawn));

    [Test]
    public void ALineWithAPassword_IsNotKeptForUp()
    {
        var editor = new LineEditor();
        foreach (var c in "/login alice hunter22")
        {
            editor.Apply(new ConsoleKeyInfo(c, ConsoleKey.None, false, false, false));
        }

        editor.TakeLine();
        editor.Apply(new ConsoleKeyInfo('\0', ConsoleKey.UpArrow, false, false, false));

        Assert.That(editor.Text, Is.Empty);
    }
}
