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
        if (_admission.TryAdmit(address) is { } refusal
            && (refusal != Refusal.ServerFull || !MakeRoom() || _admission.TryAdmit(address) is not null))
        {
            Refuse(socket, refusal, label, address);
            return false;
        }

        ClientSession session;
        try
        {
            SocketConnection.Tune(socket);
            socket.SendBufferSize = SendBufferBytes;
            session = new ClientSession(
                label,
                SocketConnection.Wrap(socket, _options.MaxMessageBytes, _tls is { } tls ? stream => tls.Handshake(stream, socket) : null, spotTls: _tls is null),
                _services,
                _ => _admission.Release(address),
                finished => _sessions.TryRemove(finished, out _));
        }
        catch (SocketException ex)
        {
            // Reset before we got to it: nothing to serve.
            _log.Debug(ex, "Client {Client} was gone before its session started", label);
            _admission.Release(address);
            socket.Dispose();
            return false;
        }
        catch (OutOfMemoryException)
        {
            _admission.Release(address);
            Refuse(socket, Refusal.NoThreads, label, address);
            return false;
        }

        if (!session.TryStart(_startThread))
        {
            // Out of threads or memory: refuse this one, keep serving the others.
            _admission.Release(address);
            Refuse(socket, Refusal.NoThreads, label, address);
            return false;
        }

        // Its receive thread opens the connection (a TLS handshake) if it needs it, then joins
        // it: the accept thread never waits for a handshake or for the chat.
        _sessions[session] = 0;
        session.Admit();
        _log.Information("Client {Client} connected; clients online: {Count}", label, _admission.Count);
        return true;
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
}
