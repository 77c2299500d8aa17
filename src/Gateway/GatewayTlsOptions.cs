namespace Wickr.Cluster.Gateway;

/// <summary>The server certificate for <c>https://</c> URLs, bound from <c>Wickr:Gateway:Tls</c>.</summary>
public sealed class GatewayTlsOptions
{
    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PKCS#12 file (.pfx/.p12, with <see cref="Password"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }
}
