using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Gateway;

/// <summary>The server certificate for <c>https://</c> URLs: section <c>Gateway:Tls</c>, nested in <see cref="GatewayOptions"/>.</summary>
public sealed class GatewayTlsOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="GatewayOptions"/>.</summary>
    public const string SectionName = "Gateway:Tls";

    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PKCS#12 file (.pfx/.p12, with <see cref="Password"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>True when <see cref="CertificatePath"/> names a PKCS#12 file (.pfx/.p12) rather than a PEM certificate.</summary>
    internal bool IsPkcs12 =>
        Path.GetExtension(CertificatePath) is { } extension
        && (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase));

    /// <summary>What an https:// URL needs: a certificate, and its key when it is PEM.</summary>
    /// <returns>One sentence per problem, naming the setting below <c>Gateway:Tls</c>.</returns>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return $"{nameof(CertificatePath)} is required for an https:// URL in {GatewayOptions.SectionName}:{nameof(GatewayOptions.Urls)}.";
        }
        else if (!IsPkcs12 && string.IsNullOrWhiteSpace(KeyPath))
        {
            yield return $"{nameof(KeyPath)} is required with a PEM certificate (or give a .pfx/.p12 file as {nameof(CertificatePath)}).";
        }
    }
}
