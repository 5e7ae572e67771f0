using System.Net.Sockets;
using System.Text;

namespace TinCanChat.Bench;

/// <summary>
/// A load client speaking IRC (<c>--protocol irc</c>), so the same scenarios measure ngircd and
/// InspIRCd: it registers as <c>b{index}</c>, joins <see cref="Channel"/> once welcomed, answers
/// PING, and says each frame the scenario sends as <c>PRIVMSG #bench :text</c>. Each PRIVMSG line
/// it receives is a frame (the payload is found inside it, after the sender's prefix). IRC never
/// echoes a line to its sender, so a line reaches every member but one.
/// </summary>
internal sealed class IrcLoadClient : LoadClient
{
    public const string Channel = "#bench";

    private static readonly byte[] Say = Encoding.ASCII.GetBytes($"PRIVMSG {Channel} :");
    private static int s_errorsShown;

    // The scenario's sends and our PONG/JOIN replies must not interleave on the socket.
    private readonly SemaphoreSlim _writing = new(1, 1);

    private IrcLoadClient(Socket socket)
        : base(socket, new NetworkStream(socket, ownsSocket: false))
    {
    }

    protected override byte Terminator => (byte)'\n';

    public static async Task<LoadClient> ConnectAsync(string host, int port, int index, int? receiveBufferBytes, CancellationToken cancel)
    {
        var socket = NewSocket(receiveBufferBytes);
        try
        {
            await socket.ConnectAsync(host, port, cancel);
            var client = new IrcLoadClient(socket);
            await client.WriteAsync($"NICK b{index}\r\nUSER b{index} 0 * :TinCanChat bench\r\n");
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Each frame of <paramref name="frames"/> (terminated by 0x00) as one PRIVMSG, all in one write.</summary>
    public override async Task SendAsync(ReadOnlyMemory<byte> frames)
    {
        var count = frames.Span.Count((byte)0);
        var lines = new byte[frames.Length - count + (count * (Say.Length + 2))];
        var at = 0;
        var rest = frames.Span;
        while (rest.IndexOf((byte)0) is var end and >= 0)
        {
            Say.CopyTo(lines.AsSpan(at));
            at += Say.Length;
            rest[..end].CopyTo(lines.AsSpan(at));
            at += end;
            lines[at++] = (byte)'\r';
            lines[at++] = (byte)'\n';
            rest = rest[(end + 1)..];
        }

        await WriteAsync(lines);
    }

    public override Task ReceiveAsync(FrameHandler onFrame, int bufferBytes) =>
        base.ReceiveAsync(line => OnLine(line.EndsWith("\r"u8) ? line[..^1] : line, onFrame), bufferBytes);

    // A line is [":prefix "]COMMAND params; only a few commands matter here.
    private void OnLine(ReadOnlySpan<byte> line, FrameHandler onFrame)
    {
        var command = line;
        if (command.StartsWith(":"u8))
        {
            var space = command.IndexOf((byte)' ');
            command = space < 0 ? [] : command[(space + 1)..];
        }

        if (command.StartsWith("PRIVMSG "u8))
        {
            onFrame(line);
        }
        else if (command.StartsWith("PING "u8))
        {
            _ = WriteAsync($"PONG {Encoding.ASCII.GetString(command[5..])}\r\n");
        }
        else if (command.StartsWith("001 "u8))
        {
            _ = WriteAsync($"JOIN {Channel}\r\n");
        }
        else if (command.StartsWith("ERROR "u8) && Interlocked.Increment(ref s_errorsShown) <= 3)
        {
            // Why the server closed us (a flood limit, a full server): said a few times, not 10 000.
            Console.Error.WriteLine($"irc server: {Encoding.UTF8.GetString(line)}");
        }
    }

    private Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    private async Task WriteAsync(byte[] bytes)
    {
        await _writing.WaitAsync();
        try
        {
            await base.SendAsync(bytes);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The server closed us; the receive loop notices and marks the client closed.
        }
        finally
        {
            _writing.Release();
        }
    }
}
