namespace TinCanChat.Client.Display;

/// <summary>For redirected input: plain lines in, plain lines out.</summary>
internal sealed class PlainConsole(TextReader input, TextWriter output, TextWriter error) : IChatConsole
{
    private readonly Lock _writing = new();

    public string? ReadLine() => input.ReadLine();

    public void ShowMessage(string line)
    {
        lock (_writing)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public bool Restore(string line) => false;

    public void Close()
    {
    }

    public void ShowStatus(string line)
    {
        lock (_writing)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }
}
