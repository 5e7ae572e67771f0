using System.Globalization;
using System.Net;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary><c>--metrics-port</c> (SPEC §14): the server's meter as Prometheus text at <c>/metrics</c>.</summary>
public class MetricsEndpointTests
{
    [Test]
    public void Metrics_ArePrometheusText_AndTheConnectedGaugeFollowsJoinsAndLeaves()
    {
        var metricsPort = LoopbackPort.Free();
        using var server = ProgramProcess.StartServer(out var port, "--data", "none", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };
        var clients = Enumerable.Range(0, 4).Select(_ => RawClient.Connect(port)).ToList();
        clients.ForEach(client => client.NextMatching(line => line.StartsWith($"* {client.Label} joined", StringComparison.Ordinal)));
        clients[3].Send("/join dev");
        clients[3].NextMatching(line => line.EndsWith(" joined #dev", StringComparison.Ordinal));

        var metrics = Scrape(http);
        Assert.That(metrics["tincanchat_server_tincanchat_clients_connected"], Is.EqualTo(4));
        Assert.That(metrics["tincanchat_server_tincanchat_rooms"], Is.EqualTo(2));
        Assert.That(metrics, Does.ContainKey("tincanchat_server_tincanchat_outbox_depth_max"));
        Assert.That(metrics, Does.ContainKey("process_cpu_seconds_total"));
        Assert.That(metrics["tincanchat_server_tincanchat_messages_received"], Is.GreaterThanOrEqualTo(1), "counted before the first scrape, all the same");

        clients[0].Dispose();
        clients[1].Dispose();

        // A leave is announced after the client's place is freed: once the third has seen both, the gauge must say 1.
        var gone = new HashSet<string> { clients[0].Label, clients[1].Label };
        while (gone.Count > 0)
        {
            var line = clients[2].Next();
            gone.RemoveWhere(label => line.StartsWith($"* {label} left (", StringComparison.Ordinal));
        }

        Assert.That(Scrape(http)["tincanchat_server_tincanchat_clients_connected"], Is.EqualTo(2), "two left");
        clients.Skip(2).ToList().ForEach(client => client.Dispose());
    }

    // Prometheus text: "# HELP/TYPE" comments, then "name{labels} value" per line; labelled ones are summed.
    private static Dictionary<string, double> Scrape(HttpClient http)
    {
        var response = http.GetAsync("metrics").GetAwaiter().GetResult();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var values = new Dictionary<string, double>();
        foreach (var line in response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.That(line, Does.Match(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* "));
                continue;
            }

            var match = System.Text.RegularExpressions.Regex.Match(line, @"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$");
            Assert.That(match.Success, Is.True, $"not a Prometheus sample line: {line}");
            var name = match.Groups[1].Value;
            values[name] = values.GetValueOrDefault(name) + double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        }

        return values;
    }
}
