namespace TinCanChat.Client.Input;

/// <summary>The real terminal behind <see cref="Console"/>.</summary>
internal sealed class SystemTerminal : ITerminal
{
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);

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
}
