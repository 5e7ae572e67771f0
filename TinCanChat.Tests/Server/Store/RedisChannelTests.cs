using Serilog.Core;
using StackExchange.Redis;
using TinCanChat.Server.Store.Redis;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Store;

/// <summary>A channel left and heard again at once (a room emptied and entered again), against a real Redis.</summary>
public class RedisChannelTests
{
    [Test]
    public void ChannelUnlistenedAndListenedAgainAtOnce_IsHeard_EveryTime()
    {
        using var redis = RedisProcess.Start();
        using var shared = RedisSharedChat.Connect(redis.Configuration, Logger.None);
        using var publisher = ConnectionMultiplexer.Connect(redis.Configuration);
        var deaf = 0;
        for (var i = 0; i < 200; i++)
        {
            var room = $"test{i % 3}";
            var old = shared.Listen(room, _ => { });
            using var heard = new ManualResetEventSlim();
            using var start = new Barrier(2);
            IDisposable? subscription = null;
            var listener = new Thread(() =>
            {
                start.SignalAndWait();
                subscription = shared.Listen(room, _ => heard.Set());
            });
            listener.Start();

            // The last member leaves on one thread while the next one's feed subscribes on another.
            start.SignalAndWait();
            old.Dispose();
            listener.Join();

            publisher.GetSubscriber().Publish(RedisChannel.Literal($"tcc:room:{room}"), "ep\u001f1\u001fc\u001f\u001f1\u001f1\u001fhello");
            if (!heard.Wait(TimeSpan.FromSeconds(2)))
            {
                deaf++;
            }

            subscription!.Dispose();
        }

        Assert.That(deaf, Is.Zero, "times the channel was subscribed here but no longer in Redis");
    }
}
