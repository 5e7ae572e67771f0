using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TinCanChat.Common.Transport;

/// <summary>
/// One send(2) with <c>MSG_DONTWAIT</c> on a blocking socket: it takes what fits in the socket's
/// buffer now and never waits, without switching the socket to non-blocking mode under the
/// thread blocked reading it. Linux only (the flag values are Linux's).
/// </summary>
internal static class NonBlockingSend
{
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EAgain = 11;
    private const int EIntr = 4;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <returns>Bytes written (0: the buffer takes nothing now), or -1: the socket failed or is closed, and a blocking write will say so.</returns>
    public static int Send(Socket socket, ReadOnlySpan<byte> bytes)
    {
        try
        {
            while (true)
            {
                // The SafeHandle is held for the call, so a socket closed meanwhile fails here
                // instead of writing to a descriptor number that a new connection reuses.
                var sent = SendNative(socket.SafeHandle, ref MemoryMarshal.GetReference(bytes), bytes.Length, MsgDontWait | MsgNoSignal);
                if (sent >= 0)
                {
                    return (int)sent;
                }

                switch (Marshal.GetLastPInvokeError())
                {
                    case EIntr:
                        continue;
                    case EAgain:
                        return 0;
                    default:
                        return -1;
                }
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint SendNative(SafeHandle socket, ref byte buffer, nint length, int flags);
}
