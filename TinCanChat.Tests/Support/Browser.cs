using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace TinCanChat.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by its own chromedriver (never one downloaded): the chat
/// page as a user's browser runs it. Tests that need it are skipped, saying why, when either
/// package is missing (<c>.ci/run</c> installs both).
/// </summary>
internal sealed class Browser : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverPath = "/usr/bin/chromedriver";

    private Browser(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    public IWebElement Input => Driver.FindElement(By.Id("input"));

    /// <summary>Why the browser cannot run here, or null when it can.</summary>
    public static string? Missing() =>
        !File.Exists(ChromiumPath) ? $"no browser: {ChromiumPath} is missing (apt-get install chromium chromium-driver)"
        : !File.Exists(DriverPath) ? $"no browser driver: {DriverPath} is missing (apt-get install chromium-driver)"
        : null;

    public static Browser Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // Root in a container needs --no-sandbox; a small /dev/shm needs the last one.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,640", "--disable-dev-shm-usage");
        var driver = new ChromeDriver(service, options, RawClient.Patience);
        driver.Manage().Timeouts().AsynchronousJavaScript = RawClient.Patience;
        return new Browser(driver);
    }

    /// <summary>Opens the chat page and waits until it is connected (before that, what is typed is not sent).</summary>
    public void Open(int webPort)
    {
        Driver.Navigate().GoToUrl($"http://127.0.0.1:{webPort}/");
        WaitUntil(() => TextOf("status") == "connected", "that it is connected");
    }

    /// <summary>Types into the input box and, unless told otherwise, presses Enter.</summary>
    public void Type(string text, bool enter = true) => Input.SendKeys(enter ? text + Keys.Enter : text);

    /// <summary>The text of each shown message, without its time.</summary>
    public IReadOnlyList<string> Lines() =>
        ((IReadOnlyCollection<object>)Driver.ExecuteScript(
            "return [...document.querySelectorAll('#messages > div')].map(d => d.lastChild.textContent);")!)
        .Select(line => (string)line).ToList();

    public string TextOf(string id) => Driver.FindElement(By.Id(id)).Text;

    /// <summary>Waits for the page to show what <paramref name="condition"/> looks for, or fails the test saying what.</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var wait = new WebDriverWait(Driver, RawClient.Patience) { Message = $"the page should show {what}" };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        wait.Until(_ => condition());
    }

    /// <summary>Waits until a shown message is exactly <paramref name="line"/>.</summary>
    public void WaitForLine(string line) => WaitUntil(() => Lines().Contains(line), $"the line '{line}'");

    public void Dispose() => Driver.Quit();
}
