using System.Net.WebSockets;
using System.Text;
using TinCanChat.Common.Protocol;

namespace TinCanChat.Tests.Protocol;

/// <summary>The server's text frames, read back by .NET's own WebSocket client: one line, one message, whatever its length.</summary>
public class WebSocketTextFramesTests
{
    [Test]
    public void LinesOfEveryHeaderSize_AreReadBackByAWebSocketClient_OneMessageEach()
    {
        // Lengths around the three header forms: 7 bits, 16 bits, 64 bits.
        string[] lines = ["", "hi 🧀", new('a', 125), new('b', 126), new('c', 65_535), new('d', 65_536), "the end"];
        var frames = lines.SelectMany(FrameEncoder.Encode).ToArray();
        var encoded = new byte[WebSocketTextFrames.EncodedLength(frames)];

        var written = WebSocketTextFrames.Encode(frames, encoded);

        Assert.That(written, Is.EqualTo(encoded.Length));
        Assert.That(ReadBack(encoded), Is.EqualTo(lines));
    }

    private static List<string> ReadBack(byte[] encoded)
    {
        using var client = WebSocket.CreateFromStream(new MemoryStream(encoded), new WebSocketCreationOptions { IsServer = false });
        var messages = new List<string>();
        var buffer = new byte[100_000];
        var used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = client.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            catch (WebSocketException)
            {
                // The stream ended: every frame was read.
                return messages;
            }

            Assert.That(received.MessageType, Is.EqualTo(WebSocketMessageType.Text));
            used += received.Count;
            if (received.EndOfMessage)
            {
                messages.Add(Encoding.UTF8.GetString(buffer, 0, used));
                used = 0;
            }
        }
    }
}
