using TinCanChat.Server.Chat;

namespace TinCanChat.Tests.Server.Chat;

/// <summary>Names a reader would take for each other are one name, or not a name at all (SPEC §10).</summary>
public class NamesTests
{
    [TestCase("ａｌｉｃｅ", "alice", TestName = "Fullwidth letters are their plain form")]
    [TestCase("ｂｏｂ＿２", "bob_2", TestName = "Fullwidth digits and underscore too")]
    [TestCase("ALICE", "ALICE", TestName = "Case is kept for showing")]
    public void Normal_MakesFullwidthFormsPlain(string typed, string normal)
    {
        Assert.That(Names.Normal(typed), Is.EqualTo(normal));
        Assert.That(Names.Problem(Names.Normal(typed)), Is.Null);
    }

    [TestCase("\u0430lice", TestName = "Cyrillic a")]
    [TestCase("b\u043Eb", TestName = "Cyrillic o")]
    [TestCase("\u0391lice", TestName = "Greek capital alpha")]
    [TestCase("j\u03BFhn", TestName = "Greek omicron")]
    [TestCase("Jos\u00E9", TestName = "An accent")]
    [TestCase("\uFB01ona", TestName = "A ligature")]
    [TestCase("\U0001D41Aalice", TestName = "A mathematical letter")]
    public void ALetterOutsideAToZ_IsRefused_SayingSo(string typed) =>
        Assert.That(Names.Problem(Names.Normal(typed)), Does.Contain("may hold only the letters a to z"));

    [TestCase("al\u200Bice", 0x200B, TestName = "Zero-width space")]
    [TestCase("al\u200Dice", 0x200D, TestName = "Zero-width joiner")]
    [TestCase("\u202Eecila", 0x202E, TestName = "Right-to-left override")]
    [TestCase("ali\u2066ce", 0x2066, TestName = "Left-to-right isolate")]
    [TestCase("ali\u00ADce", 0x00AD, TestName = "Soft hyphen")]
    [TestCase("ali\u3164ce", 0x3164, TestName = "Hangul filler")]
    [TestCase("\uFEFFalice", 0xFEFF, TestName = "Byte order mark")]
    public void AnInvisibleOrDirectionCharacter_IsRefused_WithoutEchoingIt(string typed, int code)
    {
        var problem = Names.Problem(Names.Normal(typed));

        Assert.That(problem, Does.Contain($"U+{code:X4}").And.Contain("invisible or direction-changing"));
        Assert.That(problem, Does.Not.Contain(typed), "the error line never carries the character itself");
    }

    [Test]
    public void NamesThatDifferInCaseOrForm_FoldToOne()
    {
        Assert.That(Names.Fold(Names.Normal("ＡＬＩＣＥ")), Is.EqualTo(Names.Fold("alice")));
        Assert.That(Names.Room("#ｄｅｖ"), Is.EqualTo("dev"));
        Assert.That(Names.Room("＃dev"), Is.EqualTo("dev"), "a fullwidth # is a #");
    }
}
