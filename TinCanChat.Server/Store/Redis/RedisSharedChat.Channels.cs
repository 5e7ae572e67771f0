using StackExchange.Redis;
using TinCanChat.Server.Store.Shared;

namespace TinCanChat.Server.Store.Redis;

/// <summary>Hearing rooms and private lines: Redis channels, one subscription per room with members here.</summary>
internal sealed partial class RedisSharedChat
{
    public IDisposable Listen(string room, Action<RoomEvent> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var queue = Subscribe($"tcc:room:{room}", message =>
        {
            if (RedisEventFormat.Parse(message.Message.ToString()) is { } line)
            {
                handle(line);
            }
        });
        return new Subscription(this, queue);
    }

    public IDisposable ListenPrivate(Action<PrivateLine> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var queue = Subscribe($"tcc:to:{ServerId}", message =>
        {
            if (RedisEventFormat.ParsePrivate(message.Message.ToString()) is { } line)
            {
                handle(line);
            }
        });
        return new Subscription(this, queue);
    }

    /// <summary>
    /// Hears a channel, one message after the other, on StackExchange.Redis's thread. Waits first
    /// for an unsubscribe of the same channel still on its way: StackExchange.Redis forgets the old
    /// subscription before its UNSUBSCRIBE goes out, so a SUBSCRIBE of the new one could reach Redis
    /// first, and be undone by it (a room emptied on one thread and entered again on another went
    /// deaf for good). The channel's lock makes the two take turns.
    /// </summary>
    private ChannelMessageQueue Subscribe(string channel, Action<ChannelMessage> handle)
    {
        lock (ChannelLock(channel))
        {
            if (_unsubscribing.TryRemove(channel, out var leaving))
            {
                try
                {
                    leaving.Wait(UnsubscribePatience);
                }
                catch (AggregateException)
                {
                    // It failed with the connection: the subscription went with it.
                }
            }

            return Call(() =>
            {
                var queue = _redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel));
                queue.OnMessage(handle);
                return queue;
            });
        }
    }

    /// <summary>Stops hearing a channel without waiting for Redis; a <see cref="Subscribe"/> to it waits for this first.</summary>
    private void Unsubscribe(ChannelMessageQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var channel = queue.Channel.ToString();
        lock (ChannelLock(channel))
        {
            try
            {
                var task = queue.UnsubscribeAsync();
                _unsubscribing[channel] = task;
                task.ContinueWith(done => _unsubscribing.TryRemove(new KeyValuePair<string, Task>(channel, done)), TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                // Redis is gone: the subscription went with the connection.
            }
        }
    }

    // Striped: a channel always gets the same lock, and rooms coming and going leave nothing behind.
    private object ChannelLock(string channel) => _channelLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(channel) % (uint)_channelLocks.Length)];

    private sealed class Subscription(RedisSharedChat owner, ChannelMessageQueue queue) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(queue);
            }
        }
    }
}
