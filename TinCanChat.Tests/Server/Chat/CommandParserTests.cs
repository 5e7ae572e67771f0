using CsCheck;
using TinCanChat.Server.Chat.Commands;

namespace TinCanChat.Tests.Server.Chat;

public class CommandParserTests
{
    private static readonly object[] Table =
    [
        new object[] { "hello", new ChatCommand.Say("hello") },
        new object[] { "", new ChatCommand.Say("") },
        new object[] { " /nick x", new ChatCommand.Say(" /nick x") },
        new object[] { "//nick bob", new ChatCommand.Say("/nick bob") },
        new object[] { "//", new ChatCommand.Say("/") },
        new object[] { "/nick bob", new ChatCommand.Nick("bob") },
        new object[] { "/NICK  bob ", new ChatCommand.Nick("bob") },
        new object[] { "/nick", new ChatCommand.Misused("/nick NAME") },
        new object[] { "/nick bob smith", new ChatCommand.Misused("/nick NAME") },
        new object[] { "/who", new ChatCommand.Who() },
        new object[] { "/msg bob hi there", new ChatCommand.Msg("bob", "hi there") },
        new object[] { "/msg bob", new ChatCommand.Misused("/msg NAME text") },
        new object[] { "/msg bob   ", new ChatCommand.Misused("/msg NAME text") },
        new object[] { "/join #dev", new ChatCommand.Join("#dev") },
        new object[] { "/join", new ChatCommand.Misused("/join ROOM [KEY]") },
        new object[] { "/rooms", new ChatCommand.Rooms() },
        new object[] { "/me waves at   everyone", new ChatCommand.Me("waves at   everyone") },
        new object[] { "/ME  shrugs ", new ChatCommand.Me("shrugs") },
        new object[] { "/me", new ChatCommand.Misused("/me ACTION") },
        new object[] { "/help", new ChatCommand.Help() },
        new object[] { "/quit", new ChatCommand.Quit(null) },
        new object[] { "/quit gone fishing", new ChatCommand.Quit("gone fishing") },
        new object[] { "/foo bar", new ChatCommand.Unknown("foo") },
        new object[] { "/", new ChatCommand.Unknown("") },
    ];

    [TestCaseSource(nameof(Table))]
    public void Parse_Table(string line, object expected) =>
        Assert.That(CommandParser.Parse(line), Is.EqualTo(expected));

    [Test]
    public void Parse_AnyLine_NeverThrowsAndChatKeepsTheTextOrDropsOneSlash()
    {
        // Lines that start like commands and go on with the characters that matter to the
        // parser, and lines of anything.
        var start = Gen.OneOf("", "/", "//", "/nick", "/msg ", "/join ", "/quit ", "/NiCk ", " /");
        var line = Gen.OneOf(Gen.Select(start, Gen.String[Gen.Char["/ ab#-"], 0, 20], (head, tail) => head + tail), Gen.String);
        line.Sample(
            text =>
        {
            var command = CommandParser.Parse(text);
            if (command is ChatCommand.Say say)
            {
                Assert.That(say.Text, Is.EqualTo(text.StartsWith("//", StringComparison.Ordinal) ? text[1..] : text));
            }
            else
            {
                Assert.That(text, Does.StartWith("/"));
            }
        },
            iter: 5000);
    }
}
