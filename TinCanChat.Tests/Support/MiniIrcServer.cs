using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A tiny IRC server, enough for the load tool's <c>--protocol irc</c>: welcomes a user once it
/// has a NICK and a USER (and pings it, as real servers do), lets it JOIN channels, relays a
/// channel PRIVMSG to every member but its sender, answers PING. A thread per connection.
/// </summary>
internal sealed class MiniIrcServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _acceptThread;
    private readonly Dictionary<string, List<Member>> _channels = [];
    private int _pongs;

    public MiniIrcServer()
    {
        _listener.Start();
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "mini irc server" };
        _acceptThread.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>PONGs received: the tool answered the server's pings.</summary>
    public int Pongs => Volatile.Read(ref _pongs);

    public void Dispose()
    {
        _listener.Stop();
        _acceptThread.Join(RawClient.Patience);
    }

    private void AcceptLoop()
    {
        try
        {
            while (true)
            {
                var member = new Member(_listener.AcceptTcpClient());
                new Thread(() => Serve(member)) { IsBackground = true }.Start();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped by the test.
        }
    }

    private void Serve(Member member)
    {
        using var reader = new StreamReader(member.Stream, Encoding.UTF8);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                Handle(member, line);
            }
        }
        catch (IOException)
        {
            // The tool disconnected.
        }

        lock (_channels)
        {
            foreach (var members in _channels.Values)
            {
                members.Remove(member);
            }
        }

        member.Dispose();
    }

    private void Handle(Member member, string line)
    {
        var (command, rest) = line.IndexOf(' ') is var space and > 0 ? (line[..space], line[(space + 1)..]) : (line, "");
        switch (command)
        {
            case "NICK":
                member.Nick = rest;
                break;
            case "USER":
                member.Send($":mini.irc 001 {member.Nick} :Welcome\r\nPING :mini.irc\r\n");
                break;
            case "PING":
                member.Send($":mini.irc PONG mini.irc {rest}\r\n");
                break;
            case "PONG":
                Interlocked.Increment(ref _pongs);
                break;
            case "JOIN":
                lock (_channels)
                {
                    if (!_channels.TryGetValue(rest, out var members))
                    {
                        _channels[rest] = members = [];
                    }

                    members.Add(member);
                    members.ForEach(m => m.Send($":{member.Nick}!u@h JOIN {rest}\r\n"));
                }

                break;
            case "PRIVMSG":
                var channel = rest[..rest.IndexOf(' ')];
                lock (_channels)
                {
                    // IRC never echoes a line to its sender; one lock keeps every member's order the same.
                    foreach (var other in _channels.GetValueOrDefault(channel) ?? [])
                    {
                        if (other != member)
                        {
                            other.Send($":{member.Nick}!u@h PRIVMSG {rest}\r\n");
                        }
                    }
                }

                break;
        }
    }

    private sealed class Member(TcpClient client) : IDisposable
    {
        private readonly object _writing = new();

        public NetworkStream Stream { get; } = client.GetStream();

        public string Nick { get; set; } = "*";

        public void Send(string text)
        {
            try
            {
                lock (_writing)
                {
                    Stream.Write(Encoding.UTF8.GetBytes(text));
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Gone: its reading thread removes it.
            }
        }

        public void Dispose() => client.Dispose();
    }
}
