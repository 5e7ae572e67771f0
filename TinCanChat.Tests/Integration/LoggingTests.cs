using System.Text.Json;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>Logs a collector can read (SPEC §14): <c>--log-format json</c>, <c>--log-file</c>.</summary>
public class LoggingTests
{
    [Test]
    public void LogFormatJson_EveryStdoutLineIsOneJsonObject_WithTheRenderedMessage_AndTheFileHasTheSame()
    {
        var folder = Directory.CreateTempSubdirectory("tincan-logs-");
        try
        {
            var file = Path.Combine(folder.FullName, "server.log");
            var lines = new List<string>();
            using (var server = ProgramProcess.StartServer(out var port, "--data", "none", "--log-format", "json", "--log-file", file, "--log-level", "Debug"))
            {
                using (var client = RawClient.Connect(port))
                {
                    client.Send("/nick alice");
                    client.Send("hello");
                    client.NextMatching(line => line == "alice: hello");
                    client.SendBytes([0xC3, 0x28, 0x00]);
                    client.NextMatching(line => line.Contains("not valid UTF-8", StringComparison.Ordinal));
                }

                server.Terminate();
                Assert.That(server.WaitForExit(), Is.Zero);
                lines.AddRange(server.RemainingLines());
            }

            Assert.That(lines, Is.Not.Empty);
            var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.That(events.Select(e => e.GetProperty("@m").GetString()), Has.Some.Contains("connected").And.Some.EqualTo("Shutting down"));
            Assert.That(events, Has.All.Matches<JsonElement>(e => e.TryGetProperty("@t", out _)));
            var logged = Directory.GetFiles(folder.FullName);
            Assert.That(logged, Has.Length.EqualTo(1), "one file for the day");
            var fileLines = File.ReadAllLines(logged[0]);
            Assert.That(fileLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("@m").GetString()), Has.Some.EqualTo("Shutting down"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
