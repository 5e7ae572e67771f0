using System.Net.Sockets;

namespace TinCanChat.Client;

/// <summary>A server could not be reached; <see cref="Exception.Message"/> is the sentence to show.</summary>
internal sealed class ConnectFailedException(string message, Exception innerException) : Exception(message, innerException)
{
    /// <summary>Several servers, none of which answered: it may pass by itself if any one's failure may.</summary>
    public ConnectFailedException(string message, IReadOnlyList<ConnectFailedException> failures)
        : this(message, new AggregateException(failures))
    {
    }

    /// <summary>
    /// Worth trying again later (the server is not up yet, or the network is down), as opposed to
    /// a host that does not exist or a certificate that is not trusted, which waiting cannot fix.
    /// </summary>
    public bool MayPassByItself => InnerException switch
    {
        SocketException
        {
            SocketErrorCode: SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.NetworkUnreachable
                or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.ConnectionReset or SocketError.TryAgain,
        } => true,
        AggregateException several => several.InnerExceptions.OfType<ConnectFailedException>().Any(failure => failure.MayPassByItself),
        _ => false,
    };
}
