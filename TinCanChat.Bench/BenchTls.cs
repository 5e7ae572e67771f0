using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TinCanChat.Bench;

/// <summary>
/// TLS for a run against a server this tool starts: a self-signed certificate made for the run
/// (PEM files in a temporary folder, given to the server) that the load clients trust, and
/// nothing else.
/// </summary>
internal sealed class BenchTls : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tincan-bench-tls-").FullName;
    private readonly X509Certificate2 _certificate;

    public BenchTls()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        _certificate = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
    }

    public string CertificateFile => Path.Combine(_folder, "cert.pem");

    public string KeyFile => Path.Combine(_folder, "key.pem");

    public async Task<Stream> HandshakeAsync(Stream stream, CancellationToken cancel)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",

                // Exactly the certificate made for this run: comparing it is enough here, and
                // building a chain per connection cost the tool ~7 ms of CPU per client, which
                // would be measured as the server's handshake rate.
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(_certificate.RawData),
            },
            cancel);
        return tls;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
