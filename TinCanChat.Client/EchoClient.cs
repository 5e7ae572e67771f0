using TinCanChat.Client.Display;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Client;

/// <summary>
/// The original echo client's behaviour: for each line typed, connect, send it, print the
/// echo, close. One thread is enough, since nothing arrives unasked.
/// </summary>
internal sealed class EchoClient(Func<IMessageConnection> connect, IChatConsole console)
{
    /// <summary>Runs until the user quits (0) or a server cannot be reached (1).</summary>
    public int Run()
    {
        try
        {
            while (console.ReadLine() is { } line)
            {
                if (line == ChatClient.QuitCommand)
                {
                    break;
                }

                if (line.Length > 0 && !RoundTrip(line))
                {
                    return 1;
                }
            }

            return 0;
        }
        finally
        {
            console.Close();
        }
    }

    private bool RoundTrip(string line)
    {
        if (!FrameEncoder.TryEncode(line, out var frame))
        {
            console.ShowStatus(ChatClient.UnsendableLine);
            return true;
        }

        try
        {
            using var connection = connect();
            connection.Send(frame);
            if (connection.ReceiveFrames() is [{ IsMessage: true } echo, ..])
            {
                console.ShowMessage(SafeText.ForDisplay(echo.Text));
            }
            else
            {
                console.ShowStatus("the server closed the connection without echoing the message");
            }

            return true;
        }
        catch (ConnectFailedException ex)
        {
            console.ShowStatus(ex.Message);
            return false;
        }
        catch (IOException)
        {
            console.ShowStatus(ChatClient.ServerClosed);
            return false;
        }
    }
}
