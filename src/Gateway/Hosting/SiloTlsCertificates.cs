using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

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
