using System.Collections.Concurrent;
using TinCanChat.Client.Input;

namespace TinCanChat.Tests.Client;

/// <summary>A terminal that takes keys from the test and records everything written, in order.</summary>
internal sealed class FakeTerminal : ITerminal
{
    private readonly BlockingCollection<ConsoleKeyInfo> _keys = [];
    private readonly ConcurrentQueue<string> _writes = new();

    /// <summary>Every write, output ones prefixed "out:" and control ones "ctl:".</summary>
    public IReadOnlyList<string> Writes => [.. _writes];

    public int Width { get; set; } = 80;

    public int Height { get; set; } = 24;

    public event Action? Resized;

    /// <summary>The user resized the terminal to <paramref name="width"/> columns.</summary>
    public void Resize(int width)
    {
        Width = width;
        Resized?.Invoke();
    }

    public void Press(params ConsoleKeyInfo[] keys)
    {
        foreach (var key in keys)
        {
            _keys.Add(key);
        }
    }

    public void Type(string text) => Press([.. text.Select(Keys.Char)]);

    public ConsoleKeyInfo ReadKey() => _keys.Take();

    public bool KeyAvailable => _keys.Count > 0;

    public void WriteOutput(string text) => _writes.Enqueue("out:" + text);

    public void WriteControl(string text) => _writes.Enqueue("ctl:" + text);

    public void ClearWrites() => _writes.Clear();
}
