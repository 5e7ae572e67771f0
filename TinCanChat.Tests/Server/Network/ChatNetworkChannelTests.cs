using Serilog.Core;
using StackExchange.Redis;
using TinCanChat.Server.Network;
using TinCanChat.Tests.Support;

namespace TinCanChat.Tests.Server.Network;

/// <summary>A channel left and heard again at once (a room emptied and entered again), against a real Redis.</summary>
public class ChatNetworkChannelTests
{
    [Test]
    public void ChannelUnlistenedAndListenedAgainAtOnce_IsHeard_EveryTime()
    {
        using var redis = RedisProcess.Start();
        using var network = ChatNetwork.Connect(redis.Configuration, Logger.None);
        using var publisher = ConnectionMultiplexer.Connect(redis.Configuration);
        var deaf = 0;
        for (var i = 0; i < 200; i++)
        {
            var channel = $"tcc:room:test{i % 3}";
            var old = network.Listen(channel, _ => { });
            using var heard = new ManualResetEventSlim();
            using var start = new Barrier(2);
            ChannelMessageQueue? queue = null;
            var listener = new Thread(() =>
            {
                start.SignalAndWait();
                queue = network.Listen(channel, _ => heard.Set());
            });
            listener.Start();

            // The last member leaves on one thread while the next one's feed subscribes on another.
            start.SignalAndWait();
            network.Unlisten(old);
            listener.Join();

            publisher.GetSubscriber().Publish(RedisChannel.Literal(channel), "hello");
            if (!heard.Wait(TimeSpan.FromSeconds(2)))
            {
                deaf++;
            }

            network.Unlisten(queue!);
        }

        Assert.That(deaf, Is.Zero, "times the channel was subscribed here but no longer in Redis");
    }
}
