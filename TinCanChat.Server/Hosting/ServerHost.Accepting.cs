using System.Net;
using System.Net.Sockets;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;
using TinCanChat.Server.Admission;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Hosting;

/// <summary>The accept thread: admits each connection, starts its session, or refuses it with one line.</summary>
internal sealed partial class ServerHost
{
    private void AcceptLoop()
    {
        while (Volatile.Read(ref _stopping) == 0)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (Volatile.Read(ref _stopping) == 0)
                {
                    _log.Error(ex, "Accepting connections failed; the server stops listening");
                }

                return;
            }

            Admit(socket);
        }
    }

    /// <summary>True when the client was admitted and its session runs.</summary>
    private bool Admit(Socket socket)
    {
        var label = SocketConnection.Label(socket.RemoteEndPoint);
        if (socket.RemoteEndPoint is not IPEndPoint { Address: var remote })
        {
            socket.Dispose();
            return false;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        if (TryAdmit(address) is { } refusal)
        {
            Refuse(socket, refusal, label, address);
            return false;
        }

        StreamMessageConnection connection;
        try
        {
            SocketConnection.Tune(socket);
            socket.SendBufferSize = SendBufferBytes;
            connection = SocketConnection.Wrap(socket, _options.MaxMessageBytes, _tls is { } tls ? stream => tls.Handshake(stream, socket) : null, spotTls: _tls is null);
        }
        catch (SocketException ex)
        {
            // Reset before we got to it: nothing to serve.
            _log.Debug(ex, "Client {Client} was gone before its session started", label);
            _admission.Release(address);
            socket.Dispose();
            return false;
        }

        if (StartSession(label, address, connection, transport: "") is { } failed)
        {
            Refuse(socket, failed, label, address);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A place for a client from <paramref name="address"/>, or why not: when the server is full,
    /// the oldest silent connection may give its place.
    /// </summary>
    private Refusal? TryAdmit(IPAddress address) =>
        _admission.TryAdmit(address) is { } refusal && (refusal != Refusal.ServerFull || !MakeRoom() || _admission.TryAdmit(address) is not null)
            ? refusal
            : null;

    /// <summary>
    /// Starts the session of an admitted client (TCP, TLS or WebSocket alike); null when it runs,
    /// else the refusal to give (its place is freed already, the connection is still the caller's).
    /// </summary>
    /// <param name="transport">How it came, for the log: empty for TCP, " over WebSocket".</param>
    /// <param name="onFinished">Called once both its threads have ended.</param>
    private Refusal? StartSession(string label, IPAddress address, IMessageConnection connection, string transport, Action? onFinished = null)
    {
        ClientSession session;
        try
        {
            session = new ClientSession(
                label,
                connection,
                _services,
                _ => _admission.Release(address),
                finished =>
                {
                    _sessions.TryRemove(finished, out _);
                    onFinished?.Invoke();
                });
        }
        catch (OutOfMemoryException)
        {
            _admission.Release(address);
            return Refusal.NoThreads;
        }

        if (!session.TryStart(_startThread))
        {
            // Out of threads or memory: refuse this one, keep serving the others.
            _admission.Release(address);
            return Refusal.NoThreads;
        }

        // Its receive thread opens the connection (a TLS handshake) if it needs it, then joins
        // it: the accept thread never waits for a handshake or for the chat.
        _sessions[session] = 0;
        session.Admit();
        _log.Information("Client {Client} connected{Transport:l}; clients online: {Count}", label, transport, _admission.Count);
        return null;
    }

    // Full: the oldest connection that has sent no line within --first-line-timeout (a slowloris,
    // or someone only listening) gives its place, told why; closing frees the place at once.
    private bool MakeRoom()
    {
        var now = Environment.TickCount64;
        ClientSession? oldest = null;
        foreach (var session in _sessions.Keys)
        {
            if (!session.IsClosing && session.IsSilentFor(now, _options.FirstLineTimeout) && (oldest is null || session.Arrival < oldest.Arrival))
            {
                oldest = session;
            }
        }

        oldest?.Close(CloseReason.MadeRoom);
        return oldest is not null;
    }

    private void Refuse(Socket socket, Refusal refusal, string label, IPAddress address)
    {
        NoteRefusal(refusal, label, address);
        try
        {
            // Over TLS the line would need a handshake on this thread: the client just sees the close.
            if (_tls is null)
            {
                socket.Send(FrameEncoder.Encode(refusal.Notice));
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Best effort: the client may already be gone.
        }
        finally
        {
            socket.Dispose();
        }
    }

    // Logged once a while per address (a reconnect loop must not flood the log), always counted.
    private void NoteRefusal(Refusal refusal, string label, IPAddress address)
    {
        if (_refusals.ShouldLog(address, Environment.TickCount64, out var unlogged))
        {
            if (unlogged > 0)
            {
                _log.Warning("Refused {Client}: {Reason} ({Unlogged} more from this address since the last such line)", label, refusal.Name, unlogged);
            }
            else
            {
                _log.Warning("Refused {Client}: {Reason}", label, refusal.Name);
            }
        }

        _metrics.Refused(refusal.Name);
    }
}
