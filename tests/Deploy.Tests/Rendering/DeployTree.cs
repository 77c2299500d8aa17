using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Deploy.Tests.Rendering;

/// <summary>
/// A copy of the repository's <c>deploy/k8s</c> in a temp folder, with the files the overlays make their Secrets from
/// (overlays/*/secrets, never committed) filled with freshly made test material.
/// </summary>
internal sealed class DeployTree : IDisposable
{
    private DeployTree(string root) => Root = root;

    public string Root { get; }

    public static DeployTree Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "wickr-deploy-" + Guid.NewGuid().ToString("N")[..12]);
        Copy(Path.Combine(TestRepository.Root, "deploy", "k8s"), root);
        var secrets = Path.Combine(root, "overlays", "production", "secrets");
        File.WriteAllText(Path.Combine(secrets, "storage-connection-string"),
            "DefaultEndpointsProtocol=https;AccountName=wickrtest;AccountKey=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) + ";EndpointSuffix=core.windows.net");
        WriteSharedSecrets(secrets);
        File.WriteAllText(Path.Combine(root, "overlays", "dev", "secrets", "token-secret"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        // The on-premises overlay: the same secrets, but a PostgreSQL connection string instead of a storage account.
        var onPrem = Path.Combine(root, "overlays", "onprem", "secrets");
        File.WriteAllText(Path.Combine(onPrem, "postgres-connection-string"),
            "Host=db.wickr.example;Port=5432;Database=wickr;Username=wickr;Password=" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + ";SSL Mode=VerifyFull");
        WriteSharedSecrets(onPrem);
        return new DeployTree(root);
    }

    private static void WriteSharedSecrets(string secrets)
    {
        Directory.CreateDirectory(Path.Combine(secrets, "silo-tls"));
        Directory.CreateDirectory(Path.Combine(secrets, "gateway-tls"));
        File.WriteAllText(Path.Combine(secrets, "token-secret"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var (ca, caPem) = SelfSigned("CN=wickr-test-ca", null);
        using (ca)
        {
            WriteCertificate(Path.Combine(secrets, "silo-tls"), "CN=wickr-silo", ca);
            WriteCertificate(Path.Combine(secrets, "gateway-tls"), "CN=wickr.example", ca);
        }

        File.WriteAllText(Path.Combine(secrets, "silo-tls", "ca.crt"), caPem);
        // The gateway's format: base64 of ClientLib's 134-byte P-521 public key encoding.
        using var operatorKey = Wickr.Cluster.Protocol.Crypto.EcKeyPair.Generate();
        File.WriteAllText(Path.Combine(secrets, "operator-public-key"), Convert.ToBase64String(operatorKey.PublicKey.Encoded));
    }

    /// <summary>Renders <c>overlays/<paramref name="overlay"/></c>.</summary>
    public string Render(string overlay) => Kustomize.Render(Path.Combine(Root, "overlays", overlay));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder eventually.
        }
    }

    private static (X509Certificate2 Certificate, string Pem) SelfSigned(string subject, X509Certificate2? issuer)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(issuer is null, false, 0, true));
        // An issued certificate ends well before its issuer: with both at now + 1 day, one made a second later than its
        // issuer outlived it, and the whole fixture failed.
        var now = DateTimeOffset.UtcNow;
        var certificate = issuer is null
            ? request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1))
            : request.Create(issuer, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8)).CopyWithPrivateKey(key);
        return (certificate, certificate.ExportCertificatePem());
    }

    private static void WriteCertificate(string folder, string subject, X509Certificate2 issuer)
    {
        var (certificate, pem) = SelfSigned(subject, issuer);
        using (certificate)
        {
            File.WriteAllText(Path.Combine(folder, "tls.crt"), pem);
            File.WriteAllText(Path.Combine(folder, "tls.key"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
