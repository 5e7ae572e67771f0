using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TinCanChat.Client;

/// <summary>
/// The client side of TLS: validates the server's certificate and host name against the system's
/// trusted roots, or only against a private CA (or a self-signed certificate) given by
/// <c>--tls-ca</c>. Nothing turns validation off. A failure is one sentence saying what did not match.
/// </summary>
internal sealed class ClientTls
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly X509Certificate2Collection? _trusted;

    private ClientTls(X509Certificate2Collection? trusted) => _trusted = trusted;

    /// <exception cref="ConnectFailedException">The CA file cannot be read.</exception>
    public static ClientTls Create(string? caFile)
    {
        if (caFile is null)
        {
            return new ClientTls(null);
        }

        try
        {
            var trusted = new X509Certificate2Collection();
            if (File.ReadAllText(caFile).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                trusted.ImportFromPemFile(caFile);
            }
            else
            {
                trusted.Add(X509CertificateLoader.LoadCertificateFromFile(caFile));
            }

            return new ClientTls(trusted);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConnectFailedException($"Cannot read the CA certificate '{caFile}': it must be a readable PEM or DER certificate file.", ex);
        }
    }

    /// <summary>The client side of the handshake; the TLS stream to use from now on.</summary>
    /// <exception cref="ConnectFailedException">The handshake failed; the message says what did not match.</exception>
    public Stream Handshake(Stream stream, string host, int port)
    {
        var problem = SslPolicyErrors.None;
        X509Certificate2? certificate = null;
        var chainProblems = X509ChainStatusFlags.NoError;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
            {
                problem = errors;
                certificate = presented is null ? null : new X509Certificate2(presented);
                chainProblems = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status) ?? chainProblems;
                return errors == SslPolicyErrors.None;
            },
        };
        if (_trusted is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(_trusted);
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            using var timeout = new CancellationTokenSource(HandshakeTimeout);
            tls.AuthenticateAsClientAsync(options, timeout.Token).GetAwaiter().GetResult();
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            tls.Dispose();
            throw new ConnectFailedException(Describe(problem, chainProblems, certificate, host, port, ex), ex);
        }
    }

    private string Describe(SslPolicyErrors problem, X509ChainStatusFlags chain, X509Certificate2? certificate, string host, int port, Exception ex)
    {
        var server = $"The TLS certificate of {host} port {port}";
        if (problem.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"{server} is missing: the server sent none.";
        }

        if (problem.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && certificate is not null)
        {
            if (chain.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                return $"{server} is not valid now: it is valid from {certificate.NotBefore:yyyy-MM-dd} to {certificate.NotAfter:yyyy-MM-dd}.";
            }

            return _trusted is null
                ? $"{server} is not trusted (issued by '{certificate.Issuer}'): for a private CA or a self-signed certificate, give it with --tls-ca FILE."
                : $"{server} is not trusted: it was not issued by the certificate in --tls-ca (it was issued by '{certificate.Issuer}').";
        }

        if (problem.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && certificate is not null)
        {
            return $"{server} does not match the name '{host}': it is for {Names(certificate)}.";
        }

        return ex is OperationCanceledException
            ? $"TLS handshake with {host} port {port} timed out: is it a TLS server?"
            : $"TLS handshake with {host} port {port} failed: is it a TLS server? ({ex.Message})";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return names.Count > 0 ? string.Join(", ", names.Select(name => $"'{name}'")) : $"'{certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}'";
    }
}
