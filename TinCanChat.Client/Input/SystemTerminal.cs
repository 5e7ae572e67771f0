using System.Runtime.InteropServices;

namespace TinCanChat.Client.Input;

/// <summary>The real terminal behind <see cref="Console"/>.</summary>
internal sealed class SystemTerminal : ITerminal
{
    // Kept for the life of the process: a terminal is resized whenever the user likes.
    private static PosixSignalRegistration? _resize;

    public event Action? Resized
    {
        add
        {
            _resized += value;
            if (!OperatingSystem.IsWindows())
            {
                _resize ??= PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => _resized?.Invoke());
            }
        }

        remove => _resized -= value;
    }

    private static event Action? _resized;

    public int Width => Measured(() => Console.WindowWidth, 80);

    public int Height => Measured(() => Console.WindowHeight, 24);

    public ConsoleKeyInfo ReadKey()
    {
        // Ctrl+C quits like 'q', through the editor, so the terminal is left clean.
        Console.TreatControlCAsInput = true;
        return Console.ReadKey(intercept: true);
    }

    public bool KeyAvailable
    {
        get
        {
            try
            {
                return Console.KeyAvailable;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    public void WriteOutput(string text)
    {
        Console.Out.Write(text);
        Console.Out.Flush();
    }

    public void WriteControl(string text)
    {
        Console.Error.Write(text);
        Console.Error.Flush();
    }

    // The terminal's size now, or the usual one where it cannot say.
    private static int Measured(Func<int> read, int usual)
    {
        try
        {
            return read() is > 0 and var size ? size : usual;
        }
        catch (IOException)
        {
            return usual;
        }
    }
}
