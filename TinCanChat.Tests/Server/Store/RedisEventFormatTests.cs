using TinCanChat.Server.Store.Redis;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Tests.Server.Store;

public class RedisEventFormatTests
{
    [Test]
    public void Parse_ReadsAChatLineAsTheSequencerPublishesIt_TextMayHoldTheSeparator()
    {
        var line = RedisEventFormat.Parse("ep\u001f42\u001fc\u001f\u001f17\u001f1764690000123\u001fbob: a\u001fb");

        Assert.That(line, Is.EqualTo(new RoomEvent("ep", 42, RoomEvent.Chat, "", 17, 1764690000123, "bob: a\u001fb")));
    }

    [Test]
    public void Parse_ReadsAnEntryWithItsToken()
    {
        Assert.That(RedisEventFormat.Parse("ep\u001f7\u001fj\u001fsrv/3\u001f0\u001f0\u001f* x joined (2 online)"),
            Is.EqualTo(new RoomEvent("ep", 7, RoomEvent.Entered, "srv/3", 0, 0, "* x joined (2 online)")));
    }

    [TestCase("")]
    [TestCase("hello")]
    [TestCase("ep\u001fx\u001fc\u001f\u001f1\u001f1\u001ftext")]
    [TestCase("ep\u001f0\u001fc\u001f\u001f1\u001f1\u001ftext")]
    [TestCase("ep\u001f-1\u001fc\u001f\u001f1\u001f1\u001ftext")]
    [TestCase("ep\u001f1\u001fcc\u001f\u001f1\u001f1\u001ftext")]
    [TestCase("ep\u001f1\u001fc\u001f\u001fx\u001f1\u001ftext")]
    [TestCase("ep\u001f1\u001fc\u001f\u001ftext")]
    public void Parse_SomethingElse_IsNull(string message) => Assert.That(RedisEventFormat.Parse(message), Is.Null);

    [Test]
    public void ParsePrivate_ReadsTokenIdTimeAndText()
    {
        Assert.That(RedisEventFormat.ParsePrivate("srv/3\u001f9\u001f1764690000123\u001falice -> bob: hi"),
            Is.EqualTo(new PrivateLine("srv/3", 9, 1764690000123, "alice -> bob: hi")));
        Assert.That(RedisEventFormat.ParsePrivate("srv/3\u001fhi"), Is.Null);
    }
}
