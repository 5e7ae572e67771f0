using System.Diagnostics;

namespace TinCanChat.Bench;

/// <summary>
/// N load clients connected at a paced rate, each with its own receive loop, plus the barrier:
/// one broadcast that every client must see before a measurement starts.
/// </summary>
internal sealed class ClientFleet : IDisposable
{
    private readonly List<LoadClient> _clients = [];
    private readonly List<Task> _receivers = [];
    private TaskCompletionSource _allSawBarrier = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _barrierSeen;
    private long _barrierFrames;
    private int _round;
    private bool _disposed;
    private int _expected;

    public IReadOnlyList<LoadClient> Clients => _clients;

    public int Closed => _clients.Count(c => c.Closed);

    /// <summary>Barrier frames received so far, of any round: a sign of life from a slow server.</summary>
    public long BarrierFrames => Interlocked.Read(ref _barrierFrames);

    /// <summary>Connects <paramref name="count"/> clients at <paramref name="perSecond"/>; returns how long it took.</summary>
    public async Task<TimeSpan> ConnectAsync(
        ServerUnderTest server, int count, int perSecond, Func<int, FrameHandler> handlerFor, int bufferBytes, CancellationToken cancel)
    {
        // Client 0 says the barrier, and an IRC server never echoes a line to its sender.
        _expected = server.Irc ? count - 1 : count;
        var clock = Stopwatch.StartNew();
        var batch = Math.Max(1, perSecond / 100);
        for (var first = 0; first < count; first += batch)
        {
            var size = Math.Min(batch, count - first);
            var connecting = Enumerable.Range(first, size).Select(index => LoadClient.ConnectAsync(server, index, cancel));
            LoadClient[] connected;
            try
            {
                connected = await Task.WhenAll(connecting);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new IOException($"cannot connect to {server.Host} port {server.PortFor(first)} ({_clients.Count} clients connected so far): {ex.Message}", ex);
            }

            foreach (var client in connected)
            {
                var index = _clients.Count;
                var inner = handlerFor(index);
                var lastRound = 0;
                _clients.Add(client);
                _receivers.Add(Task.Run(() => client.ReceiveAsync(
                    frame =>
                    {
                        // Frames of a measurement never hold the barrier marker, so this is cheap.
                        if (Payload.BarrierRound(frame) is var round and > 0)
                        {
                            Interlocked.Increment(ref _barrierFrames);
                            if (round == Volatile.Read(ref _round) && round > lastRound && Interlocked.Increment(ref _barrierSeen) == _expected)
                            {
                                _allSawBarrier.TrySetResult();
                            }

                            lastRound = round;
                            return;
                        }

                        inner(frame);
                    },
                    bufferBytes), CancellationToken.None));
            }

            Progress.Report($"connected {_clients.Count}/{count}");
            var due = TimeSpan.FromSeconds((double)_clients.Count / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancel);
            }
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Client 0 broadcasts barrier rounds until every client has seen one; returns how long that
    /// took. A new round is needed because a connect completes before the server has registered
    /// the client, but only once the current round has stopped reaching clients: a slow server
    /// (Python 2.1 at 10 000 clients needs ~14 s per broadcast) must not be buried in rounds.
    /// Once a round has passed, the next call measures a single broadcast to everyone.
    /// </summary>
    public async Task<TimeSpan> BarrierAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var patience = TimeSpan.FromSeconds(1);
        while (true)
        {
            _allSawBarrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _barrierSeen, 0);
            var round = Interlocked.Increment(ref _round);
            await _clients[0].SendAsync(Payload.Barrier(round));

            var seen = -1;
            while (!_allSawBarrier.Task.IsCompleted && Volatile.Read(ref _barrierSeen) != seen)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"only {_barrierSeen} of {_expected} clients saw the barrier broadcast");
                }

                seen = Volatile.Read(ref _barrierSeen);
                await Task.WhenAny(_allSawBarrier.Task, Task.Delay(patience));
            }

            if (_allSawBarrier.Task.IsCompleted)
            {
                return clock.Elapsed;
            }

            patience = TimeSpan.FromTicks(Math.Min(patience.Ticks * 2, TimeSpan.FromSeconds(8).Ticks));
        }
    }

    /// <summary>Disconnects everyone and waits for the receive loops; a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Task.WaitAll([.. _receivers], TimeSpan.FromSeconds(30));
    }
}
