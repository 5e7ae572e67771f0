using TinCanChat.Server.Store.Redis;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Server.Store;

public class RedisEventFormatTests
{
    [Test]
    public void Parse_ReadsWhatTheSequencerPublishes_TextMayHoldTheSeparator()
    {
        var line = RedisEventFormat.Parse("ep\u001f42\u001fc\u001f\u001fbob: a\u001fb");

        Assert.That(line, Is.EqualTo(new RoomEvent("ep", 42, RoomEvent.Chat, "", "bob: a\u001fb")));
    }

    [Test]
    public void Parse_ReadsAnEntryWithItsToken()
    {
        Assert.That(RedisEventFormat.Parse("ep\u001f7\u001fj\u001fsrv/3\u001f* x joined (2 online)"),
            Is.EqualTo(new RoomEvent("ep", 7, RoomEvent.Entered, "srv/3", "* x joined (2 online)")));
    }

    [TestCase("")]
    [TestCase("hello")]
    [TestCase("ep\u001fx\u001fc\u001f\u001ftext")]
    [TestCase("ep\u001f0\u001fc\u001f\u001ftext")]
    [TestCase("ep\u001f-1\u001fc\u001f\u001ftext")]
    [TestCase("ep\u001f1\u001fcc\u001f\u001ftext")]
    public void Parse_SomethingElse_IsNull(string message) => Assert.That(RedisEventFormat.Parse(message), Is.Null);
}
