using System.Net;
using TinCanChat.Server.Hosting;

namespace TinCanChat.Server.Admission;

/// <summary>
/// Who may connect: at most <c>--max-clients</c> in all and <c>--max-per-address</c> from one IP
/// address (addresses in <c>--exempt</c> aside), so one host opening sockets cannot lock everyone
/// else out. A place is taken before the session starts and freed when it starts closing, before
/// its leave is announced, so a join right after a leave notice is admitted. IPv6 addresses count
/// by their network of <c>--ipv6-prefix</c> bits (a /64 is one host's, usually).
/// </summary>
internal sealed class AdmissionControl(int maxClients, int maxPerAddress, IReadOnlyList<IPNetwork> exempt, int ipv6Prefix = 64)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _count;
    private volatile Limits _limits = new(maxClients, maxPerAddress, exempt);

    /// <summary>
    /// New limits (a reload): they decide the next admissions; nobody already in is sent away,
    /// even when there are more of them than the new limits allow.
    /// </summary>
    public void Reconfigure(int newMaxClients, int newMaxPerAddress, IReadOnlyList<IPNetwork> newExempt) =>
        _limits = new Limits(newMaxClients, newMaxPerAddress, newExempt);

    public int Count => Volatile.Read(ref _count);

    /// <returns>Null when admitted (call <see cref="Release"/> once it leaves), else why not.</returns>
    public Refusal? TryAdmit(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var limits = _limits;
        var limited = limits.MaxPerAddress > 0 && !IsExempt(limits.Exempt, address);
        address = Host(address);
        lock (_lock)
        {
            if (_count >= limits.MaxClients)
            {
                return Refusal.ServerFull;
            }

            var fromAddress = _perAddress.GetValueOrDefault(address);
            if (limited && fromAddress >= limits.MaxPerAddress)
            {
                return Refusal.TooManyFromAddress;
            }

            _perAddress[address] = fromAddress + 1;
            _count++;
            return null;
        }
    }

    public void Release(IPAddress address)
    {
        address = Host(address);
        lock (_lock)
        {
            _count--;
            var left = _perAddress[address] - 1;
            if (left == 0)
            {
                _perAddress.Remove(address);
            }
            else
            {
                _perAddress[address] = left;
            }
        }
    }

    // The address as one host: an IPv6 address by its network.
    private IPAddress Host(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || ipv6Prefix >= 128)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        for (var bit = ipv6Prefix; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private static bool IsExempt(IReadOnlyList<IPNetwork> exempt, IPAddress address)
    {
        foreach (var network in exempt)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Limits(int MaxClients, int MaxPerAddress, IReadOnlyList<IPNetwork> Exempt);
}
