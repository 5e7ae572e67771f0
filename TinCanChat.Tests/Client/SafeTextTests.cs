using TinCanChat.Client.Display;

namespace TinCanChat.Tests.Client;

public class SafeTextTests
{
    [TestCase("plain text", "plain text", TestName = "Plain text is unchanged")]
    [TestCase("tab\there", "tab\there", TestName = "Tab passes through")]
    [TestCase("cheese 🧀 ünï 中文", "cheese 🧀 ünï 中文", TestName = "Emoji and non-ASCII pass through")]
    [TestCase("\u001b[31mred", "^[[31mred", TestName = "ESC is shown as caret notation")]
    [TestCase("ding\u0007", "ding^G", TestName = "BEL is shown as caret notation")]
    [TestCase("over\rwrite", "over^Mwrite", TestName = "Lone CR cannot return to column 0")]
    [TestCase("a\nbob: fake", "a\n  bob: fake", TestName = "LF continues indented")]
    [TestCase("a\r\nbob: fake", "a\n  bob: fake", TestName = "CRLF continues indented")]
    [TestCase("a\u2028b", "a\n  b", TestName = "Unicode line separator continues indented")]
    [TestCase("x\u009b31m", "x^[[31m", TestName = "C1 CSI is shown as its ESC form")]
    [TestCase("del\u007f", "del^?", TestName = "DEL is shown as caret notation")]
    [TestCase("\u202Eevil", "<U+202E>evil", TestName = "Bidi override is made visible")]
    public void ForDisplay_Table(string received, string shown)
    {
        Assert.That(SafeText.ForDisplay(received), Is.EqualTo(shown));
    }

    [Test]
    public void ForDisplay_AnyControlCharacter_NeverReachesTheTerminalRaw()
    {
        var everyControl = string.Concat(Enumerable.Range(0, 0xA0).Where(c => c < 0x20 || c >= 0x7F).Select(c => (char)c));

        var shown = SafeText.ForDisplay(everyControl);

        var raw = shown.Where(c => char.IsControl(c) && c != '\n' && c != '\t');
        Assert.That(raw, Is.Empty);
        Assert.That(shown.Split('\n').Skip(1), Has.All.StartsWith("  "), "every continuation is indented");
    }
}
