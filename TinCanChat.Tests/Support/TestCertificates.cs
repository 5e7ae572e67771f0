using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TinCanChat.Tests.Support;

/// <summary>
/// Certificates made inside the test run (no files shipped, nothing from outside): self-signed
/// ones and a CA with a leaf, written as PEM and PKCS#12 files in a temporary folder.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "tincan-test";

    private readonly string _folder = Directory.CreateTempSubdirectory("tincan-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A self-signed certificate for the given DNS names (and 127.0.0.1 unless told otherwise).</summary>
    public Issued SelfSigned(string name, bool withLoopbackAddress = true, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(name, key, withLoopbackAddress);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
        return Write(name, certificate);
    }

    /// <summary>A CA and a leaf for <paramref name="name"/> signed by it.</summary>
    public (X509Certificate2 Ca, Issued Leaf) CaAndLeaf(string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=TinCan Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(name, leafKey, withLoopbackAddress: true);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), Guid.NewGuid().ToByteArray());
        var leaf = signed.CopyWithPrivateKey(leafKey);
        return (X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)), Write($"{name}-leaf", leaf));
    }

    private static CertificateRequest Request(string name, ECDsa key, bool withLoopbackAddress)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        if (withLoopbackAddress)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    private Issued Write(string stem, X509Certificate2 certificate)
    {
        var files = new Issued(
            X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)),
            Path.Combine(_folder, $"{stem}.crt.pem"),
            Path.Combine(_folder, $"{stem}.key.pem"),
            Path.Combine(_folder, $"{stem}.pfx"));
        File.WriteAllText(files.CertificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPem, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(files.Pfx, certificate.Export(X509ContentType.Pfx, Password));
        return files;
    }

    /// <summary>A certificate (public part) and the files holding it with its key.</summary>
    internal sealed record Issued(X509Certificate2 Certificate, string CertificatePem, string KeyPem, string Pfx);
}
