using System.Net.Sockets;
using TinCanChat.Common.Protocol;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TinCanChat.Server.Security;

/// <summary>
/// The server side of TLS: the certificate, loaded once at start-up into one
/// <see cref="SslStreamCertificateContext"/> that every connection shares (it also lets Linux
/// resume sessions), and the handshake each client's receive thread runs with a timeout.
/// </summary>
internal sealed class ServerTls
{
    /// <summary>As Kestrel's default: a client that does not finish its handshake by then is dropped.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public const string PasswordVariable = "TINCAN_TLS_PASSWORD";

    private readonly SslStreamCertificateContext _context;
    private readonly SslServerAuthenticationOptions _options;

    private ServerTls(SslStreamCertificateContext context)
    {
        _context = context;
        _options = HandshakeOptions();
    }

    /// <summary>
    /// Loads a PKCS#12 file (with its password) or a PEM certificate (with its key from
    /// <paramref name="keyFile"/>, or from the same file).
    /// </summary>
    /// <exception cref="TlsSetupException">The files cannot be used; the message says why.</exception>
    public static ServerTls Load(string certificateFile, string? keyFile, string? password)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        foreach (var file in (string?[])[certificateFile, keyFile])
        {
            if (file is not null && !File.Exists(file))
            {
                throw new TlsSetupException($"The TLS file '{file}' does not exist.");
            }
        }

        var certificate = IsPem(certificateFile) ? LoadPem(certificateFile, keyFile) : LoadPkcs12(certificateFile, password);
        if (!certificate.HasPrivateKey)
        {
            throw new TlsSetupException($"The certificate in '{certificateFile}' comes without its private key: give the key file with --tls-key.");
        }

        return new ServerTls(SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true));
    }

    /// <summary>The options of one handshake, for a listener that runs the handshakes itself (the web page's Kestrel).</summary>
    public SslServerAuthenticationOptions HandshakeOptions() => new()
    {
        ServerCertificateContext = _context,
        ClientCertificateRequired = false,
    };

    /// <summary>Runs the server side of the handshake over <paramref name="stream"/>; the TLS stream to use from now on.</summary>
    /// <param name="socket">The stream's socket, to look at the first byte without taking it.</param>
    /// <exception cref="IOException">The handshake failed or timed out, or the peer spoke plain text; the connection is of no use.</exception>
    public Stream Handshake(Stream stream, Socket socket)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(socket);
        RefusePlainText(stream, socket);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            // Blocking, on the client's own thread: waiting on the async handshake from a
            // thousand threads at once spun them on the pool's continuations (20 ms of CPU per
            // handshake, measured); the socket's own timeouts bound it instead.
            WithTimeouts(stream, (int)HandshakeTimeout.TotalMilliseconds);
            tls.AuthenticateAsServer(_options);
            WithTimeouts(stream, Timeout.Infinite);
            return tls;
        }
        catch (AuthenticationException ex)
        {
            tls.Dispose();
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    // A client without TLS would otherwise wait for the handshake's timeout and a silent close:
    // its first byte tells, and it gets one line it can read.
    private static void RefusePlainText(Stream stream, Socket socket)
    {
        var first = new byte[1];
        socket.ReceiveTimeout = (int)HandshakeTimeout.TotalMilliseconds;
        int peeked;
        try
        {
            peeked = socket.Receive(first, SocketFlags.Peek);
        }
        catch (SocketException ex)
        {
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
        finally
        {
            socket.ReceiveTimeout = 0;
        }

        if (peeked == 1 && first[0] != WireFormat.TlsHandshakeRecord)
        {
            try
            {
                stream.Write(FrameEncoder.Encode(ServerNotices.Error("this server speaks TLS: connect with --tls")));
            }
            catch (IOException)
            {
                // Gone already: nothing to tell.
            }

            throw new IOException("TLS handshake failed: the client spoke plain text");
        }
    }

    private static void WithTimeouts(Stream stream, int milliseconds)
    {
        if (stream.CanTimeout)
        {
            stream.ReadTimeout = milliseconds;
            stream.WriteTimeout = milliseconds;
        }
    }

    private static bool IsPem(string file)
    {
        using var reader = new StreamReader(file);
        var start = new char[64];
        var read = reader.ReadBlock(start);
        return new string(start, 0, read).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    private static X509Certificate2 LoadPem(string certificateFile, string? keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new TlsSetupException(keyFile is null
                ? $"Cannot read both a certificate and its private key from '{certificateFile}': give the key file with --tls-key."
                : $"The key in '{keyFile}' does not go with the certificate in '{certificateFile}', or one of them is not PEM.", ex);
        }
    }

    private static X509Certificate2 LoadPkcs12(string file, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, password);
        }
        catch (CryptographicException ex)
        {
            throw new TlsSetupException(
                $"Cannot open '{file}': wrong password (give it with --tls-cert-password or {PasswordVariable}), or not a PKCS#12 (.pfx) or PEM file.", ex);
        }
    }
}
