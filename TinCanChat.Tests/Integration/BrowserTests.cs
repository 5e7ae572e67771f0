using OpenQA.Selenium;
using TinCanChat.Server.Hosting;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Integration;

/// <summary>
/// SPEC §13 in a real browser: the page the server serves, in Debian's headless Chromium,
/// beside TCP clients of the same server.
/// </summary>
[NonParallelizable]
public class BrowserTests
{
    private Browser _browser = null!;

    [OneTimeSetUp]
    public void StartBrowser()
    {
        if (Browser.Missing() is { } why)
        {
            Assert.Ignore(why);
        }

        _browser = Browser.Start();
    }

    [OneTimeTearDown]
    public void StopBrowser() => _browser?.Dispose();

    [Test]
    public void BrowserAndTerminal_ChatBothWays()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var elsewhere = server.Join();
        elsewhere.Send("/join #dev");
        using var terminal = server.Join();
        terminal.Send("/nick ana");
        terminal.NextMatching(line => line.EndsWith(" is now known as ana", StringComparison.Ordinal));
        _browser.Open(server.WebPort);
        terminal.NextMatching(line => line.Contains(" joined (", StringComparison.Ordinal));

        _browser.Type("/nick webby");
        terminal.NextMatching(line => line.EndsWith(" is now known as webby", StringComparison.Ordinal));
        _browser.Type("hello from a browser, ça va ?");
        Assert.That(terminal.NextChat(1), Is.EqualTo(new[] { "webby: hello from a browser, ça va ?" }));
        terminal.Send("hello from a terminal: très bien");
        _browser.WaitForLine("ana: hello from a terminal: très bien");
        _browser.WaitUntil(() => _browser.TextOf("members").Split('\n').Order().SequenceEqual(["ana", "webby"]), "both members");
        Assert.That(_browser.TextOf("room"), Is.EqualTo("#lobby"));
        Assert.That(_browser.TextOf("rooms").Split('\n'), Is.EquivalentTo(new[] { "#dev (1)", "#lobby (2)" }));

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-client.png");
        _browser.Driver.GetScreenshot().SaveAsFile(screenshot);
        TestContext.AddTestAttachment(screenshot, "the chat page, as the README shows it");
    }

    [Test]
    public void LinesThatLookLikeHtml_AreShownAsText_AndRunNothing()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var terminal = server.Join();
        _browser.Open(server.WebPort);
        terminal.NextMatching(line => line.EndsWith(" joined (2 online)", StringComparison.Ordinal));
        const string Image = "<img src=x onerror=\"document.title='pwned'\">";
        const string Script = "<script>document.title='pwned'</script><b>bold?</b>";

        terminal.Send(Image);
        terminal.Send(Script);

        _browser.WaitForLine($"{terminal.Label}: {Script}");
        Assert.That(_browser.Lines(), Does.Contain($"{terminal.Label}: {Image}"));
        Assert.That(_browser.Driver.FindElements(By.CssSelector("#messages img, #messages script, #messages b")), Is.Empty);
        Assert.That(_browser.Driver.Title, Is.EqualTo("TinCanChat"));
    }

    [Test]
    public void NickAndJoin_FromThePage_TheRoomAndItsMembersFollow()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var terminal = server.Join();
        terminal.Send("/join #cheese");
        terminal.NextMatching(line => line.StartsWith("* ", StringComparison.Ordinal) && line.Contains("#cheese", StringComparison.Ordinal));
        _browser.Open(server.WebPort);

        _browser.Type("/nick webby");
        _browser.Type("/join cheese");

        terminal.NextMatching(line => line == "* webby joined #cheese");
        _browser.WaitUntil(() => _browser.TextOf("room") == "#cheese", "the room #cheese");
        _browser.WaitUntil(() => _browser.TextOf("members").Split('\n').Order().SequenceEqual([terminal.Label, "webby"]), "the members of #cheese");
        terminal.Send("welcome");
        _browser.WaitForLine($"{terminal.Label}: welcome");
    }

    [Test]
    public void TypedLine_IsKeptWhile30LinesArrive_AndUpRecallsWhatWasSent_NeverAPassword()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var terminal = server.Join();
        _browser.Open(server.WebPort);
        terminal.NextMatching(line => line.EndsWith(" joined (2 online)", StringComparison.Ordinal));
        _browser.Type("first");
        _browser.Type("second");
        terminal.NextChat(2);
        _browser.Type("/login nobody not-my-password");
        _browser.WaitForLine("* error: wrong account name or password");

        _browser.Type("half a thou", enter: false);
        for (var i = 1; i <= 30; i++)
        {
            terminal.Send($"incoming {i}");
        }

        _browser.WaitForLine($"{terminal.Label}: incoming 30");
        Assert.That(_browser.Input.GetDomProperty("value"), Is.EqualTo("half a thou"));
        _browser.Type(" typed on", enter: false);
        Assert.That(_browser.Input.GetDomProperty("value"), Is.EqualTo("half a thou typed on"));

        _browser.Input.SendKeys(Keys.ArrowUp);
        Assert.That(_browser.Input.GetDomProperty("value"), Is.EqualTo("second"));
        _browser.Input.SendKeys(Keys.ArrowUp);
        Assert.That(_browser.Input.GetDomProperty("value"), Is.EqualTo("first"));
        _browser.Input.SendKeys(Keys.ArrowDown + Keys.ArrowDown);
        Assert.That(_browser.Input.GetDomProperty("value"), Is.EqualTo("half a thou typed on"));
    }

    [Test]
    public void ServerRestart_ThePageReconnectsAndResumes_NothingMissedNothingTwice()
    {
        var data = Directory.CreateTempSubdirectory("tincan-data-").FullName;
        var options = new ServerOptions { WebPort = 0, Data = data, History = 5 };
        var server = TestServer.Start(options);
        try
        {
            var (port, webPort) = (server.Port, server.WebPort);
            using (var before = server.Join())
            {
                _browser.Open(webPort);
                before.NextMatching(line => line.EndsWith(" joined (2 online)", StringComparison.Ordinal));
                _browser.Type("/nick webby");
                before.NextMatching(line => line.EndsWith(" is now known as webby", StringComparison.Ordinal));
                before.Send("said before 1");
                before.Send("said before 2");
                _browser.WaitForLine($"{before.Label}: said before 2");
            }

            server.Dispose();
            _browser.WaitUntil(() => _browser.TextOf("status").StartsWith("disconnected", StringComparison.Ordinal), "that it is disconnected");
            server = TestServer.Start(options with { WebPort = webPort }, port: port, waitForIntroductions: true);

            // Said before the page is back (it waits a second at least): it must get them from the store.
            using var after = server.Join();
            after.Send("said meanwhile 1");
            after.Send("said meanwhile 2");
            after.NextChat(2);
            _browser.WaitForLine($"{after.Label}: said meanwhile 2");
            after.Send("said live");
            _browser.WaitForLine($"{after.Label}: said live");

            Assert.That(_browser.Lines(), Has.One.StartsWith("* webby joined"), "back under its name, by itself");
            var chat = _browser.Lines().Where(line => line.Contains(": said ", StringComparison.Ordinal)).Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Where(text => text.StartsWith("said ", StringComparison.Ordinal));
            Assert.That(chat, Is.EqualTo(new[] { "said before 1", "said before 2", "said meanwhile 1", "said meanwhile 2", "said live" }));
        }
        finally
        {
            server.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public void RefusedByAFullServer_ThePageWaitsLongerEachTime()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0, MaxClients = 1 });
        using var occupant = server.Join();
        occupant.Send("the only place is mine");
        occupant.NextChat(1);

        _browser.Driver.Navigate().GoToUrl($"http://127.0.0.1:{server.WebPort}/");

        _browser.WaitForLine("* error: server full");
        _browser.WaitUntil(() => _browser.TextOf("status") == "disconnected; trying again in 4 s", "the third pause, twice the second");
    }

    [Test]
    public void PageOfAnotherOrigin_CannotOpenTheChatSocket()
    {
        using var server = TestServer.Start(new ServerOptions { WebPort = 0 });
        using var elsewhere = TestServer.Start(new ServerOptions { WebPort = 0 });
        // A page of another site (here another server's "not found", which has no policy against connecting elsewhere).
        _browser.Driver.Navigate().GoToUrl($"http://127.0.0.1:{elsewhere.WebPort}/elsewhere");

        var outcome = (string)_browser.Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1];" +
            $"const socket = new WebSocket('ws://127.0.0.1:{server.WebPort}/chat');" +
            "socket.onopen = () => done('opened'); socket.onclose = () => done('refused');")!;

        Assert.That(outcome, Is.EqualTo("refused"));
        Assert.That(server.Server.SessionCount, Is.Zero);
    }
}
