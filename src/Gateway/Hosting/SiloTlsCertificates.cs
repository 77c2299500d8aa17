using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Hosting;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>
/// A process's certificate and the authority its peers must chain to, applied to Orleans' TLS options: a certificate is
/// required on both ends of every connection and is accepted only when it chains to <see cref="Authority"/> (the
/// system's trust store plays no part; host names do not either — pods come and go by IP address).
/// </summary>
/// <param name="certificate">This process's certificate, with its private key.</param>
/// <param name="authority">The certificate authority of the cluster.</param>
public sealed class SiloTlsCertificates(X509Certificate2 certificate, X509Certificate2 authority) : IDisposable
{
    /// <summary>This process's certificate.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The certificate authority of the cluster.</summary>
    public X509Certificate2 Authority { get; } = authority;

    /// <summary>
    /// The certificates of section <c>Silo:Tls</c>, or null when TLS is off in the settings' mode. The settings are
    /// checked as <see cref="SiloOptions.Read"/> checks them (that refused missing paths already); this loads the files.
    /// </summary>
    /// <param name="silo">The silo options (<see cref="SiloOptions.Tls"/> and <see cref="SiloOptions.Mode"/>).</param>
    /// <returns>The certificates, or null.</returns>
    /// <exception cref="InvalidConfigurationException">TLS is on and a setting is missing or a file does not load; the message names it.</exception>
    public static SiloTlsCertificates? Load(SiloOptions silo)
    {
        ValidatedOptions.Check(silo, SiloOptions.SectionName);
        var settings = silo.Tls;
        if (!settings.IsOn(silo.Mode))
        {
            return null;
        }

        X509Certificate2? certificate = null;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(settings.CertificatePath!, settings.KeyPath!);
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaCertificatePath!));
            return new SiloTlsCertificates(certificate, authority);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            certificate?.Dispose();
            throw new InvalidConfigurationException(
                $"Invalid configuration: {SiloTlsOptions.SectionName}: the certificate ({settings.CertificatePath}), key ({settings.KeyPath}) or CA ({settings.CaCertificatePath}) does not load: {ex.Message}", ex);
        }
    }

    /// <summary>Configures <paramref name="options"/> for mutual TLS with this certificate and authority.</summary>
    /// <param name="options">Orleans' TLS options (silo or client).</param>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => ChainsToAuthority(remote);
    }

    /// <summary>True when <paramref name="remote"/> chains to <see cref="Authority"/> and is within its validity.</summary>
    /// <param name="remote">A peer's certificate.</param>
    public bool ChainsToAuthority(X509Certificate2 remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        Authority.Dispose();
    }
}
