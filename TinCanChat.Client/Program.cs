using TinCanChat.Client;
using TinCanChat.Client.Display;
using TinCanChat.Client.Display.FullScreen;
using TinCanChat.Client.Input;
using TinCanChat.Common.CommandLine;
using TinCanChat.Common.Transport;

return CommandLineRunner.Run(ClientCommandLine.Create(Run), args);

static int Run(ClientOptions options)
{
    if (!AccountPassword.TryRead(options, out var password, out var problem))
    {
        Console.Error.WriteLine(problem);
        return 2;
    }

    ClientTls? tls;
    try
    {
        tls = options.Tls ? ClientTls.Create(options.TlsCa) : null;
    }
    catch (ConnectFailedException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }

    if (ServerList.Parse(options.Host, options.Port, out var hostProblem) is not { } servers)
    {
        Console.Error.WriteLine(hostProblem);
        return 2;
    }

    // The full screen needs the whole terminal: not when output goes elsewhere, nor for the echo client.
    var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
    var fullScreen = interactive && !Console.IsOutputRedirected && !options.Plain && !options.Echo;
    var terminal = new SystemTerminal();
    IChatConsole console = interactive
        ? new InteractiveConsole(terminal, fullScreen ? new FullScreenView(terminal, options.Quiet) : null)
        : new PlainConsole(Console.In, Console.Out, Console.Error);

    IMessageConnection Open(ServerAddress server) => ServerConnector.Connect(server.Host, server.Port, tls);
    if (options.Echo)
    {
        console.ShowStatus($"Echo client for {string.Join(", ", servers.Servers)}: each line goes out on its own connection; '{ChatClient.QuitCommand}' quits.");
        return new EchoClient(() => servers.Connect(Open), console).Run();
    }

    IMessageConnection? connection = null;
    try
    {
        ServerAddress? reached = null;
        connection = servers.Connect(server =>
        {
            var opened = Open(server);
            reached = server;
            return opened;
        });
        console.ShowStatus($"Connected to {reached}{(tls is null ? "" : " over TLS")}. Type a message and press Enter; '{ChatClient.QuitCommand}' quits.");
    }
    catch (ConnectFailedException ex) when (options.Reconnect && ex.MayPassByItself)
    {
        // Started before its server (a boot, a restart): it keeps trying, as after a drop.
        console.ShowStatus($"{ex.Message} With --reconnect it keeps trying; '{ChatClient.QuitCommand}' quits.");
    }
    catch (ConnectFailedException ex)
    {
        console.Close();
        Console.Error.WriteLine(ex.Message);
        return 1;
    }

    using (connection)
    {
        Func<IMessageConnection>? reconnect = options.Reconnect ? () => servers.Connect(Open) : null;
        return new ChatClient(connection, console, options.Timestamps, options.Nick, reconnect, password).Run();
    }
}
