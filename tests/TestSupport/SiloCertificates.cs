using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wickr.Cluster.Testing;

/// <summary>
/// A throwaway certificate authority and a certificate under it for silos and gateways (server and client
/// authentication, 127.0.0.1), written as PEM files like the Kubernetes Secret <c>wickr-silo-tls</c> mounts them.
/// </summary>
public sealed class SiloCertificates
{
    private SiloCertificates(string directory)
    {
        CertificatePath = Path.Combine(directory, "tls.crt");
        KeyPath = Path.Combine(directory, "tls.key");
        CaCertificatePath = Path.Combine(directory, "ca.crt");
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public string CaCertificatePath { get; }

    /// <summary>Makes a fresh CA and a certificate it signed, in <paramref name="directory"/> (created).</summary>
    public static SiloCertificates Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new SiloCertificates(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=wickr test silo CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wickr-silo", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(12));

        File.WriteAllText(files.CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    /// <summary>Like <see cref="Create"/> in a fresh temp folder removed when the test process exits.</summary>
    public static SiloCertificates CreateTemporary()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wickr-tls-" + Guid.NewGuid().ToString("N")[..12]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS cleans its temp folder eventually.
            }
        };
        return Create(directory);
    }

    /// <summary>The <c>Silo:Tls:*</c> settings naming these files, with <paramref name="separator"/> between the parts (":" or "__").</summary>
    public Dictionary<string, string> Settings(string separator = ":") => new()
    {
        [$"Silo{separator}Tls{separator}CertificatePath"] = CertificatePath,
        [$"Silo{separator}Tls{separator}KeyPath"] = KeyPath,
        [$"Silo{separator}Tls{separator}CaCertificatePath"] = CaCertificatePath,
    };
}
