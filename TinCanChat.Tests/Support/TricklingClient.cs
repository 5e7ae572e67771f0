using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A client that keeps reading, but slowly (a small receive buffer, a few KiB at a time with
/// pauses), as one on a slow link: it never stops taking data, it only takes it slower than
/// its room speaks. Its messages are collected like <see cref="RawClient"/>'s.
/// </summary>
internal sealed class TricklingClient : IDisposable
{
    private const int Chunk = 4096;

    private readonly Socket _socket;
    private readonly BlockingCollection<string> _received = [];
    private readonly Thread _reader;
    private readonly TimeSpan _pause;
    private readonly ManualResetEventSlim _disposed = new();

    /// <param name="bytesPerSecond">About how fast it reads.</param>
    public TricklingClient(int port, int bytesPerSecond)
    {
        _pause = TimeSpan.FromSeconds((double)Chunk / bytesPerSecond);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8192 };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        Label = SocketConnection.Label(_socket.LocalEndPoint);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"trickling reader {Label}" };
        _reader.Start();
    }

    public string Label { get; }

    /// <summary>Every message it read, up to the server's close; fails the test if that does not come in time.</summary>
    public List<string> ReadToClose(TimeSpan patience)
    {
        Assert.That(_reader.Join(patience), Is.True, $"{Label}: the server did not close the connection");
        return [.. _received];
    }

    /// <summary>Waits until it has read a message that matches; fails the test if none comes in time.</summary>
    public void WaitFor(Func<string, bool> match, TimeSpan patience) =>
        Assert.That(SpinWait.SpinUntil(() => _received.Any(match), patience), Is.True, $"{Label}: no matching message within {patience}");

    public void Send(string text) => _socket.Send(FrameEncoder.Encode(text));

    /// <summary>Sends on a thread of its own: the server may hold it back, and the test goes on meanwhile.</summary>
    public Thread SendInBackground(byte[] bytes)
    {
        var thread = new Thread(() =>
        {
            try
            {
                _socket.Send(bytes);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Disconnected while sending: what the test is about.
            }
        }) { IsBackground = true, Name = $"trickling sender {Label}" };
        thread.Start();
        return thread;
    }

    public void Dispose()
    {
        _disposed.Set();
        _socket.Dispose();
        _reader.Join(RawClient.Patience);
        _disposed.Dispose();
    }

    private void ReadLoop()
    {
        var decoder = new FrameDecoder(int.MaxValue);
        var frames = new List<DecodedFrame>();
        var buffer = new byte[Chunk];
        try
        {
            int read;
            while ((read = _socket.Receive(buffer)) > 0)
            {
                frames.Clear();
                decoder.Decode(buffer.AsSpan(0, read), frames);
                frames.ForEach(frame => _received.Add(frame.IsMessage ? frame.Text : $"<{frame.Status}>"));

                // The pace of a slow link, not a wait for something: it ends at once when disposed.
                if (_disposed.Wait(_pause))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset or disposed: the connection is over.
        }
        finally
        {
            _received.CompleteAdding();
        }
    }
}
