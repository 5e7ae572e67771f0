using TinCanChat.Server.Chat;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Tests.Server.Chat;

public class GuestNamesTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Test]
    public void Cloaked_OneAddressIsOneGuest_WhateverThePort_AndNoAddressShows()
    {
        var guests = GuestNames.Cloaked(Secret);

        var name = guests.Of("203.0.113.7:50000");

        Assert.That(name, Does.Match("^guest-[a-z2-9]{6}$"));
        Assert.That(guests.Of("203.0.113.7:50001"), Is.EqualTo(name));
        Assert.That(guests.Of("[2001:db8::1]:50000"), Does.Match("^guest-[a-z2-9]{6}$").And.Not.EqualTo(name));
        Assert.That(guests.Of("203.0.113.8:50000"), Is.Not.EqualTo(name));
        Assert.That(GuestNames.Cloaked(GuestNames.NewSecret()).Of("203.0.113.7:50000"), Is.Not.EqualTo(name), "another server's secret, another name");
    }

    [Test]
    public void NotCloaked_AGuestIsItsAddressAndPort() =>
        Assert.That(GuestNames.Addresses.Of("203.0.113.7:50000"), Is.EqualTo("203.0.113.7:50000"));

    [Test]
    public void TheSecret_IsKeptInTheDataDirectory_ForTheServersUserAlone()
    {
        var folder = Directory.CreateTempSubdirectory("tincan-cloak-").FullName;
        try
        {
            var first = CloakSecret.Load(folder);

            Assert.That(CloakSecret.Load(folder), Is.EqualTo(first), "a guest keeps its name across restarts");
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(folder, CloakSecret.FileName)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            Assert.That(CloakSecret.Load(ServerOptions.NoData), Is.Not.EqualTo(first));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
