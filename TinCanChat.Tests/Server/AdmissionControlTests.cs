using System.Net;
using TinCanChat.Server.Admission;

namespace TinCanChat.Tests.Server;

public class AdmissionControlTests
{
    [Test]
    public void Ipv6_AddressesOfOneSlash64_CountAsOneAddress()
    {
        var admission = new AdmissionControl(maxClients: 100, maxPerAddress: 2, exempt: []);

        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2::1")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::9")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2:abcd::7")), Is.EqualTo(Refusal.TooManyFromAddress), "a third from the same /64");
        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8:1:3::1")), Is.Null, "another /64 is another host");

        admission.Release(IPAddress.Parse("2001:db8:1:2::1"));
        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2::42")), Is.Null, "a place of that /64 is free again");
    }

    [Test]
    public void Ipv6Prefix128_CountsEachAddress_AndIpv4IsUntouched()
    {
        var admission = new AdmissionControl(maxClients: 100, maxPerAddress: 1, exempt: [], ipv6Prefix: 128);

        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8::1")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("2001:db8::2")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("192.0.2.1")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("192.0.2.2")), Is.Null);
        Assert.That(admission.TryAdmit(IPAddress.Parse("192.0.2.1")), Is.EqualTo(Refusal.TooManyFromAddress));
    }
}
