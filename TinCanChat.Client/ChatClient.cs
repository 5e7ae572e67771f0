using TinCanChat.Client.Display;
using TinCanChat.Common.Transport;

namespace TinCanChat.Client;

/// <summary>
/// The chat client's two threads side by side: one reads what the user types and sends it,
/// the other receives and prints. Whichever ends the session decides the exit code. With
/// <c>reconnect</c>, a connection that ends without the user quitting is opened again after
/// growing pauses, and the nickname and room are picked again; it asks the server for line ids
/// (<c>/cap ids</c>) and resumes its room after the last line it showed, so nothing said meanwhile
/// is missed or shown twice (SPEC §11).
/// </summary>
/// <param name="connection">Null when the first try failed and <paramref name="reconnect"/> keeps trying.</param>
/// <param name="nick">Picked first thing (<c>/nick NAME</c>), before anything typed.</param>
/// <param name="reconnect">Opens a new connection (throws <see cref="ConnectFailedException"/>); null: no reconnecting.</param>
/// <param name="password">With <paramref name="nick"/>: the account's, to log in first thing (<c>/login NAME PASSWORD</c>) instead of only picking the name.</param>
internal sealed partial class ChatClient(
    IMessageConnection? connection,
    IChatConsole console,
    bool timestamps = false,
    string? nick = null,
    Func<IMessageConnection>? reconnect = null,
    string? password = null)
{
    public const string QuitCommand = "q";
    public const string ServerClosed = "connection to server closed";
    public const string UnsendableLine = "not sent: the line contains a character that cannot be sent (U+0000 or a broken surrogate)";

    // After we stop sending, how long the server gets to finish (its last lines are still shown);
    // longer when it said it is reading our lines slowly (a rate limit), bounded all the same.
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SlowedQuitGrace = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Guards the waits for a new connection and the pauses between tries; pulsed on every change.
    private readonly object _state = new();
    private volatile IMessageConnection? _connection = connection;

    // Else the receive thread's first try says the opening lines, not the input thread.
    private readonly bool _startedConnected = connection is not null;
    private volatile string? _nick = nick;

    // The account logged in to and its password, kept in memory only, to log in again after a reconnect.
    private volatile Login? _login = nick is not null && password is not null ? new Login(nick, password) : null;
    private volatile string? _room;

    // With --reconnect the client asks for ids, to resume each room where it stopped.
    private readonly LineIds _ids = new();
    private readonly ResumedReplay _replay = new();

    // Between history markers: the lines shown are older ones (the receive thread's alone).
    private bool _inHistory;

    // One for the whole run, so a refused client waits longer each time; and whether the
    // connection of the last try has said anything but a refusal yet (both the receive thread's).
    private readonly ReconnectBackoff _backoff = new(Random.Shared);
    private string? _welcome;

    // Chat lines sent and not yet seen coming back from the room.
    private readonly UnconfirmedLines _unconfirmed = new();

    // The server said it reads this client's lines more slowly than they were sent (--rate-limit).
    private volatile bool _slowedDown;
    private bool _refused;
    private Thread? _receiveThread;
    private volatile bool _quitting;

    // The input thread sends what is typed, the receive thread a fallback nickname: one at a time.
    private readonly Lock _sending = new();

    // Set by the input thread (Enter while disconnected), taken by the receive thread's pause; under _state.
    private bool _retryNow;
    private int _finished;

    /// <summary>Runs until the user quits (0) or the connection ends (1); returns the exit code.</summary>
    public int Run()
    {
        _receiveThread = StartBackground(ReceiveLoop, "receive");
        StartBackground(InputLoop, "input");

        // Both threads are background threads: the input one may stay blocked on the keyboard.
        var code = _exitCode.Task.GetAwaiter().GetResult();
        console.Close();
        Pulse();
        _connection?.Dispose();
        return code;
    }

    // Ids to resume by (--reconnect), or for the screen to show when a replayed line was said
    // (asked once the server has shown it is one of ours: a server that only relays would
    // show everyone the request as a chat line).
    private bool AsksForIds => reconnect is not null || _idsAsked;

    private volatile bool _idsAsked;
    private bool _heardFirst;

    private static Thread StartBackground(ThreadStart loop, string name)
    {
        var thread = new Thread(loop) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    // Wakes whoever waits on the connection's state (a pause between tries, a line to send).
    private void Pulse()
    {
        lock (_state)
        {
            Monitor.PulseAll(_state);
        }
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
