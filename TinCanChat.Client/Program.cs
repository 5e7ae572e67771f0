using TinCanChat.Client;
using TinCanChat.Client.Display;
using TinCanChat.Client.Input;
using TinCanChat.Common.CommandLine;

return CommandLineRunner.Run(ClientCommandLine.Create(Chat), args);

static int Chat(ClientOptions options)
{
    try
    {
        using var connection = ServerConnector.Connect(options.Host, options.Port);
        var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        IChatConsole console = interactive
            ? new InteractiveConsole(new SystemTerminal())
            : new PlainConsole(Console.In, Console.Out, Console.Error);
        console.ShowStatus($"Connected to {options.Host} port {options.Port}. Type a message and press Enter; '{ChatClient.QuitCommand}' quits.");
        return new ChatClient(connection, console, options.Timestamps).Run();
    }
    catch (ConnectFailedException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}
