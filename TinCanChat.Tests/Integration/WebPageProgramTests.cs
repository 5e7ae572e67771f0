using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary><c>--web-port</c> as a user starts it: the ready line, the page's files, and the errors.</summary>
public class WebPageProgramTests
{
    [Test]
    public void WebPort_TheReadyLineSaysWhereThePageIs_AndItsFilesAreServedWithTheirPolicy()
    {
        var webPort = LoopbackPort.Free();
        using var server = ProgramProcess.StartServer(out _, "--data", "none", "--web-port", webPort.ToString(CultureInfo.InvariantCulture));
        server.NextLineMatching(line => line.Contains($"chat page at http://127.0.0.1:{webPort}/", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };

        var page = http.GetAsync("/").GetAwaiter().GetResult();
        var script = http.GetAsync("/app.js").GetAwaiter().GetResult();
        var style = http.GetAsync("/style.css").GetAwaiter().GetResult();
        var missing = http.GetAsync("/nothing").GetAwaiter().GetResult();
        var notUpgraded = http.GetAsync("/chat").GetAwaiter().GetResult();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Content.ReadAsStringAsync().GetAwaiter().GetResult(), Does.Contain("id=\"messages\"").And.Contain("id=\"input\"").And.Contain("id=\"room\"").And.Contain("id=\"members\"").And.Contain("id=\"rooms\""));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("connect-src 'self'").And.Contain("default-src 'none'"));
            Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(style.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/css"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notUpgraded.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
    }

    [Test]
    public void WebPortInUse_OneSentenceNamingTheOptionAndNonZeroExit()
    {
        using var occupier = new TcpListener(IPAddress.Any, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        using var server = ProgramProcess.Start("Server", "--host", "127.0.0.1", "--port", "0", "--data", "none", "--web-port", port);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.WaitForExit(), Is.Not.Zero);
            Assert.That(server.StandardError, Has.Exactly(1).Items);
            Assert.That(server.StandardError[0], Does.Contain($"Port {port} is already in use").And.Contain("--web-port"));
        }
    }

    [TestCase("--web-port", "0")]
    [TestCase("--web-port", "70000")]
    [TestCase("--web-port", "web")]
    [TestCase("--metrics-port", "metrics")]
    public void PortNotANumberOrOutOfRange_IsAUsageErrorNamingTheOption(string option, string value)
    {
        using var server = ProgramProcess.Start("Server", option, value);

        Assert.That(server.WaitForExit(), Is.EqualTo(2));
        Assert.That(server.StandardError[0], Does.StartWith($"Option '{option}'").And.Contain(value));
    }
}
