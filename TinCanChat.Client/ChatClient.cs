using System.Globalization;
using TinCanChat.Client.Display;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Client;

/// <summary>
/// The chat client's two threads side by side: one reads what the user types and sends it,
/// the other receives and prints. Whichever ends the session decides the exit code.
/// </summary>
/// <param name="nick">Picked first thing (<c>/nick NAME</c>), before anything typed.</param>
internal sealed class ChatClient(IMessageConnection connection, IChatConsole console, bool timestamps = false, string? nick = null)
{
    public const string QuitCommand = "q";
    public const string ServerClosed = "connection to server closed";
    public const string UnsendableLine = "not sent: the line contains a character that cannot be sent (U+0000 or a broken surrogate)";

    // After we stop sending, how long the server gets to finish (its last lines are still shown).
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _receiveThread;
    private volatile bool _quitting;
    private int _finished;

    /// <summary>Runs until the user quits (0) or the connection ends (1); returns the exit code.</summary>
    public int Run()
    {
        _receiveThread = StartBackground(ReceiveLoop, "receive");
        StartBackground(InputLoop, "input");

        // Both threads are background threads: the input one may stay blocked on the keyboard.
        var code = _exitCode.Task.GetAwaiter().GetResult();
        console.Close();
        connection.Dispose();
        return code;
    }

    private static Thread StartBackground(ThreadStart loop, string name)
    {
        var thread = new Thread(loop) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private void InputLoop()
    {
        try
        {
            if (nick is not null)
            {
                Send($"/nick {nick}");
            }

            while (console.ReadLine() is { } line)
            {
                if (line == QuitCommand)
                {
                    break;
                }

                if (line.Length > 0)
                {
                    // After /quit the server closing the connection is what the user asked for.
                    _quitting |= IsQuitCommand(line);
                    Send(line);
                }
            }

            Quit();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Finish(1, ServerClosed);
        }
    }

    private static bool IsQuitCommand(string line) =>
        line.Equals("/quit", StringComparison.OrdinalIgnoreCase) || line.StartsWith("/quit ", StringComparison.OrdinalIgnoreCase);

    private void Send(string line)
    {
        if (FrameEncoder.TryEncode(line, out var frame))
        {
            connection.Send(frame);
        }
        else
        {
            console.ShowStatus(UnsendableLine);
        }
    }

    // Stop sending, let the server's last lines arrive, then leave.
    private void Quit()
    {
        _quitting = true;
        connection.ShutdownSend();
        _receiveThread!.Join(QuitGrace);
        Finish(0, status: null);
    }

    private void ReceiveLoop()
    {
        try
        {
            while (connection.ReceiveFrames() is { } frames)
            {
                foreach (var frame in frames)
                {
                    Show(frame);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A reset ends the connection just as a close does.
        }

        Finish(_quitting ? 0 : 1, _quitting ? null : ServerClosed);
    }

    private void Show(DecodedFrame frame)
    {
        if (!frame.IsMessage)
        {
            console.ShowStatus(frame.Status == FrameStatus.InvalidUtf8
                ? "received a message that is not valid UTF-8; not shown"
                : "received a message too long to show; skipped");
            return;
        }

        var text = SafeText.ForDisplay(frame.Text);
        console.ShowMessage(timestamps
            ? string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {text}")
            : text);
    }

    private void Finish(int code, string? status)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        if (status is not null)
        {
            console.ShowStatus(status);
        }

        _exitCode.TrySetResult(code);
    }
}
