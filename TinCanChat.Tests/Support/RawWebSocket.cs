using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TinCanChat.Common.Transport;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A WebSocket client written frame by frame (RFC 6455) over a plain socket, so a test can send
/// what a library would never send: fragments, pings between them, an unfinished message, a
/// close mid-message. Its own thread collects what the server sends.
/// </summary>
internal sealed partial class RawWebSocket : IDisposable
{
    public const int Text = 1, Binary = 2, Continuation = 0, Close = 8, Ping = 9, Pong = 10;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BlockingCollection<(int Opcode, byte[] Payload)> _received = [];
    private Thread? _reader;

    private RawWebSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Label = SocketConnection.Label(socket.LocalEndPoint);
    }

    /// <summary>How the server labels this client.</summary>
    public string Label { get; }

    /// <summary>Set once the server closed the connection.</summary>
    public bool IsClosed => _received.IsAddingCompleted;

    public void StartReading()
    {
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"test websocket {Label}" };
        _reader.Start();
    }

    public void Send(string text) => SendFrame(Text, Encoding.UTF8.GetBytes(text));

    /// <summary>One frame, masked as a client's must be (unless told otherwise).</summary>
    public void SendFrame(int opcode, byte[] payload, bool fin = true, bool mask = true)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        var maskBit = mask ? 0x80 : 0;
        if (payload.Length < 126)
        {
            frame.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.AddRange([(byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            frame.AddRange(Enumerable.Range(0, 8).Select(i => (byte)((long)payload.Length >> (56 - (8 * i)))));
        }

        var key = mask ? RandomNumberGenerator.GetBytes(4) : [0, 0, 0, 0];
        if (mask)
        {
            frame.AddRange(key);
        }

        frame.AddRange(payload.Select((b, i) => (byte)(b ^ key[i % 4])));
        _stream.Write(frame.ToArray());
    }

    /// <summary>The next text message, or a test failure when none arrives in time.</summary>
    public string Next() => Encoding.UTF8.GetString(NextFrame(frame => frame.Opcode == Text).Payload);

    public string NextMatching(Func<string, bool> match)
    {
        while (true)
        {
            var message = Next();
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Skips frames until one matches (pongs and closes included).</summary>
    public (int Opcode, byte[] Payload) NextFrame(Func<(int Opcode, byte[] Payload), bool> match)
    {
        while (true)
        {
            if (!_received.TryTake(out var frame, RawClient.Patience))
            {
                Assert.Fail(IsClosed ? $"{Label}: connection closed while waiting" : $"{Label}: nothing within {RawClient.Patience}");
            }

            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Every frame up to the end of the connection (texts whole, closes and pongs as they came).</summary>
    public List<(int Opcode, byte[] Payload)> ReadFrames()
    {
        Assert.That(_reader!.Join(RawClient.Patience), Is.True, $"{Label}: the server did not close the connection");
        return [.. _received];
    }

    /// <summary>Every text message up to the server's close frame and the end of the connection.</summary>
    public List<string> ReadToClose()
    {
        Assert.That(_reader!.Join(RawClient.Patience), Is.True, $"{Label}: the server did not close the connection");
        return [.. _received.Where(frame => frame.Opcode == Text).Select(frame => Encoding.UTF8.GetString(frame.Payload))];
    }

    public void Dispose()
    {
        if (_reader is not null && !IsClosed)
        {
            try
            {
                SendFrame(Close, [0x03, 0xE8]);
            }
            catch (IOException)
            {
                // Gone already.
            }

            _reader.Join(RawClient.Patience);
        }

        _stream.Dispose();
        _socket.Dispose();
    }

    private void ReadLoop()
    {
        var message = new List<byte>();
        try
        {
            while (true)
            {
                var (fin, opcode, payload) = ReadFrame();
                if (opcode is Text or Continuation)
                {
                    message.AddRange(payload);
                    if (fin)
                    {
                        _received.Add((Text, message.ToArray()));
                        message.Clear();
                    }
                }
                else
                {
                    _received.Add((opcode, payload));
                    if (opcode == Close)
                    {
                        // Answered, as the protocol asks; the server then ends the connection.
                        SendFrame(Close, payload.Take(2).ToArray());
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
        {
            // The connection ended.
        }
        finally
        {
            _received.CompleteAdding();
        }
    }

    private (bool Fin, int Opcode, byte[] Payload) ReadFrame()
    {
        var head = new byte[2];
        _stream.ReadExactly(head);
        long length = head[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            _stream.ReadExactly(extended);
            length = extended.Aggregate(0L, (sum, b) => (sum << 8) | b);
        }

        var payload = new byte[length];
        _stream.ReadExactly(payload);
        return ((head[0] & 0x80) != 0, head[0] & 0x0F, payload);
    }
}
