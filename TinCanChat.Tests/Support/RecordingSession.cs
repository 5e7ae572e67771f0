using System.Text;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Tests.Support;

/// <summary>A client session without a socket: records every line queued for it, and can fall behind on demand.</summary>
internal sealed class RecordingSession(string label) : IClientSession
{
    private readonly object _lock = new();
    private readonly List<string> _lines = [];
    private volatile bool _behind;

    public string Label { get; } = label;

    public bool HoldsBackSenders => _behind;

    public bool WantsIds { get; set; }

    public bool IsClosing => Closed is not null;

    public CloseReason? Closed { get; private set; }

    /// <summary>Its reader is behind: senders to its room wait while this is so.</summary>
    public bool Behind
    {
        get => _behind;
        set => _behind = value;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void HoldingRoomBack()
    {
    }

    public bool Offer(byte[] frame) => Record(frame);

    public bool Reply(byte[] frame) => Record(frame);

    public void Wake()
    {
    }

    public void Close(CloseReason reason) => Closed ??= reason;

    /// <summary>Waits until the lines so far satisfy <paramref name="done"/>; fails the test after 10 s.</summary>
    public IReadOnlyList<string> WaitFor(Func<IReadOnlyList<string>, bool> done, string what)
    {
        var deadline = Environment.TickCount64 + 10_000;
        lock (_lock)
        {
            while (!done(_lines))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    Assert.Fail($"{Label} never got {what}; it got: {string.Join(" | ", _lines)}");
                }

                Monitor.Wait(_lock, TimeSpan.FromMilliseconds(left));
            }

            return [.. _lines];
        }
    }

    /// <summary>Waits for a line equal to <paramref name="line"/>.</summary>
    public IReadOnlyList<string> WaitForLine(string line) => WaitFor(lines => lines.Contains(line), $"'{line}'");

    private bool Record(byte[] frame)
    {
        lock (_lock)
        {
            _lines.Add(Encoding.UTF8.GetString(frame).TrimEnd('\0'));
            Monitor.PulseAll(_lock);
        }

        return true;
    }
}
