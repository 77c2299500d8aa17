using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting;

/// <summary>
/// Mutual TLS on the Orleans ports (silo to silo, gateway to silo): section <c>Silo:Tls</c>, read with the rest of
/// <see cref="SiloOptions"/> by the silo host and by the standalone gateway's Orleans client. On by default in the
/// cluster modes (Azure, Postgres), where it is required unless <see cref="Enabled"/> is set to false explicitly; off in embedded mode
/// (loopback) unless set to true.
/// </summary>
public sealed class SiloTlsOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="SiloOptions"/>.</summary>
    public const string SectionName = "Silo:Tls";

    /// <summary>
    /// Null (default): TLS in the cluster modes (Azure, Postgres), none in embedded mode. False: no TLS even in a cluster mode — then anything that
    /// reaches the Orleans ports can call any grain directly, past every gateway check. True: TLS in either mode.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>This process's certificate (PEM); its key usages, if restricted, include server and client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate authority (PEM) that every peer's certificate must chain to.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>True when the Orleans ports talk TLS in <paramref name="mode"/>.</summary>
    /// <param name="mode">The silo mode.</param>
    public bool IsOn(SiloMode mode) => Enabled ?? mode != SiloMode.Embedded;

    /// <summary>The problems when TLS is turned on explicitly (whatever the mode).</summary>
    /// <returns>One sentence per problem, naming the setting below <c>Silo:Tls</c>.</returns>
    public IEnumerable<string> Validate() => Validate(SiloMode.Embedded);

    /// <summary>The problems in <paramref name="mode"/>: with TLS on, every file must be named.</summary>
    /// <param name="mode">The silo mode.</param>
    /// <returns>One sentence per problem, naming the setting below <c>Silo:Tls</c>.</returns>
    public IEnumerable<string> Validate(SiloMode mode)
    {
        if (!IsOn(mode))
        {
            yield break;
        }

        var missing = new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(CaCertificatePath), CaCertificatePath) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();
        if (missing.Count > 0)
        {
            yield return $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} required: "
                + (Enabled is null
                    ? $"in {mode} mode silos and gateways talk over mutual TLS (Kubernetes Secret wickr-silo-tls). "
                        + $"Set {SectionName}:{nameof(Enabled)}=false to run without it, and then nothing but the network keeps strangers off the grains."
                    : $"{SectionName}:{nameof(Enabled)} is true.");
        }
    }
}
