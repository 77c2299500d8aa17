namespace Wickr.Cluster.LoadTest.Target;

/// <summary>Which cluster a run talks to and how.</summary>
internal sealed record TargetOptions
{
    /// <summary>Gateway addresses (http:// for h2c, https:// for TLS); devices are spread over them.</summary>
    public IReadOnlyList<Uri> Gateways { get; init; } = [];

    /// <summary>A PEM file with the CA that signed the gateways' certificates (instead of the system store).</summary>
    public string? CaFile { get; init; }

    /// <summary>Accept any gateway certificate (test clusters with self-signed certificates only).</summary>
    public bool Insecure { get; init; }

    /// <summary>The registration token an Invite-only cluster wants with each RegisterUser; never logged.</summary>
    public string? RegistrationToken { get; init; }

    /// <summary>Start a local silo instead of using <see cref="Gateways"/>.</summary>
    public EmbeddedMode Embedded { get; init; }

    /// <summary>Start a local cluster (Azurite, silo and gateway processes) instead of using <see cref="Gateways"/>.</summary>
    public LocalClusterTarget? LocalCluster { get; init; }

    /// <summary>Every problem that makes the target unusable, each naming its option.</summary>
    public IEnumerable<string> Problems()
    {
        if (Embedded == EmbeddedMode.None && Gateways.Count == 0 && LocalCluster is null)
        {
            yield return "--target: give at least one gateway address, or --embedded, or --local-cluster";
        }
        if (LocalCluster is not null && (Embedded != EmbeddedMode.None || Gateways.Count > 0))
        {
            yield return "--local-cluster excludes --target and --embedded";
        }
        if (Embedded != EmbeddedMode.None && Gateways.Count > 0)
        {
            yield return "--target and --embedded exclude each other";
        }
        foreach (var gateway in Gateways)
        {
            if (gateway.Scheme is not ("http" or "https"))
            {
                yield return $"--target: '{gateway}' is not an http:// or https:// address";
            }
        }
        if (CaFile is not null && !File.Exists(CaFile))
        {
            yield return $"--ca-file: '{CaFile}' does not exist";
        }
        if (CaFile is not null && Insecure)
        {
            yield return "--ca-file and --insecure exclude each other";
        }
        if (RegistrationToken is not null && Population.Registration.Problem(RegistrationToken) is { } problem)
        {
            // The reason only, never the token's text.
            yield return "--registration-token " + problem;
        }
    }
}
