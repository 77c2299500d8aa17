using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>
/// Mutual TLS on the Orleans ports (silo to silo, gateway to silo): section <c>Silo:Tls</c>, read by the silo host and
/// by the standalone gateway's Orleans client. On by default in Azure (cluster) mode, where it is required unless
/// <see cref="Enabled"/> is set to false explicitly; off in embedded mode (loopback) unless set to true.
/// </summary>
public sealed class SiloTlsSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Tls";

    /// <summary>
    /// Null (default): TLS in Azure mode, none in embedded mode. False: no TLS even in Azure mode — then anything that
    /// reaches the Orleans ports can call any grain directly, past every gateway check. True: TLS in either mode.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>This process's certificate (PEM); its key usages, if restricted, include server and client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate authority (PEM) that every peer's certificate must chain to.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Reads section <see cref="SectionName"/>.</summary>
    /// <param name="configuration">The configuration.</param>
    public static SiloTlsSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SectionName).Get<SiloTlsSettings>() ?? new SiloTlsSettings();
    }

    /// <summary>The certificates to use, or null when TLS is off for this mode.</summary>
    /// <param name="clusterMode">True in Azure (cluster) mode.</param>
    /// <exception cref="InvalidOperationException">TLS is on and a setting is missing or a file does not load; the message names it.</exception>
    public SiloTlsCertificates? Load(bool clusterMode)
    {
        if (!(Enabled ?? clusterMode))
        {
            return null;
        }

        var missing = new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(CaCertificatePath), CaCertificatePath) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => "Silo:Tls:" + s.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} required: "
                + (clusterMode ? "in Azure mode silos and gateways talk over mutual TLS (Kubernetes Secret wickr-silo-tls). "
                    + "Set Silo:Tls:Enabled=false to run without it, and then nothing but the network keeps strangers off the grains."
                    : "Silo:Tls:Enabled is true."));
        }

        X509Certificate2? certificate = null;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath!);
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath!));
            return new SiloTlsCertificates(certificate, authority);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            certificate?.Dispose();
            throw new InvalidOperationException(
                $"Silo:Tls: the certificate ({CertificatePath}), key ({KeyPath}) or CA ({CaCertificatePath}) does not load: {ex.Message}", ex);
        }
    }
}
