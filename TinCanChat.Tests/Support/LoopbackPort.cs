using System.Net;
using System.Net.Sockets;

namespace TinCanChat.Tests.Support;

/// <summary>Ports on 127.0.0.1 for programs the tests start with a port of their own choosing.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the kernel just gave out and took back: free, and nothing of ours listens on it.</summary>
    public static int Free()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
