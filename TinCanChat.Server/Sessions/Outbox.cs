using System.Collections.Concurrent;

namespace TinCanChat.Server.Sessions;

/// <summary>
/// One client's bounded queue of encoded frames: producers never block (unless they ask to),
/// and the client's send thread sleeps while it is empty.
/// </summary>
internal sealed class Outbox(int capacity) : IDisposable
{
    private readonly BlockingCollection<byte[]> _frames = new(capacity);

    // The idle send thread sleeps on this instead of in BlockingCollection.TryTake, whose
    // semaphore spins and yields first: with thousands of send threads woken by one broadcast,
    // that spinning alone saturates the machine.
    private readonly ManualResetEventSlim _wakeup = new(initialState: false, spinCount: 0);
    private int _consumerIdle;

    /// <summary>
    /// Queues a frame, waiting up to <paramref name="patience"/> for room. False: still full.
    /// The consumer is not woken: call <see cref="Wake"/> once a batch is queued.
    /// </summary>
    /// <exception cref="InvalidOperationException">The outbox was completed.</exception>
    /// <exception cref="ObjectDisposedException">The outbox was disposed.</exception>
    public bool TryAdd(byte[] frame, TimeSpan patience) => _frames.TryAdd(frame, patience);

    /// <summary>Wakes the consumer if it sleeps; a no-op costing one read otherwise.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _consumerIdle) == 1)
        {
            _wakeup.Set();
        }
    }

    /// <summary>A frame already waiting, without blocking.</summary>
    public bool TryTake(out byte[] frame) => _frames.TryTake(out frame!);

    /// <summary>Blocks for the next frame; null once the outbox is completed and empty.</summary>
    public byte[]? Take()
    {
        while (true)
        {
            if (_frames.TryTake(out var frame))
            {
                return frame;
            }

            if (_frames.IsCompleted)
            {
                return null;
            }

            // Announce idleness, then look again, so an add racing with us is never missed.
            Interlocked.Exchange(ref _consumerIdle, 1);
            _wakeup.Reset();
            if (_frames.TryTake(out frame))
            {
                Volatile.Write(ref _consumerIdle, 0);
                return frame;
            }

            if (!_frames.IsCompleted)
            {
                _wakeup.Wait();
            }

            Volatile.Write(ref _consumerIdle, 0);
        }
    }

    /// <summary>No more adds; the consumer drains what is left, then gets null.</summary>
    public void Complete()
    {
        _frames.CompleteAdding();
        _wakeup.Set();
    }

    public void Dispose()
    {
        _frames.Dispose();
        _wakeup.Dispose();
    }
}
