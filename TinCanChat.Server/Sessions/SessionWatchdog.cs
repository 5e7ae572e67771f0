using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// One thread for every session's deadlines, instead of a timer per session (which can fail to
/// be created, half-way through a close, when memory or threads run out): it finds clients whose
/// socket stopped taking data and closing clients still held by a peer that reads nothing.
/// </summary>
internal sealed class SessionWatchdog : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly Func<IEnumerable<ClientSession>> _sessions;
    private readonly IWakeable _deferred;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    /// <param name="deferred">Wake-ups gathered since the last tick (see <see cref="DeferredWakes"/>).</param>
    public SessionWatchdog(Func<IEnumerable<ClientSession>> sessions, IWakeable deferred)
    {
        _sessions = sessions;
        _deferred = deferred;
        _thread = new Thread(Run, 128 * 1024) { IsBackground = true, Name = "watchdog" };
    }

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stop.Set();
        if (!_thread.ThreadState.HasFlag(ThreadState.Unstarted))
        {
            _thread.Join();
        }

        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(Period))
        {
            _deferred.Wake();
            var now = Environment.TickCount64;
            foreach (var session in _sessions())
            {
                session.Watch(now);
            }
        }
    }
}
