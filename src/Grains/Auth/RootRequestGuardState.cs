namespace Wickr.Cluster.Grains.Auth;

/// <summary>Carried-out root-signed requests: digest (lowercase hex) → when it may be forgotten.</summary>
[Alias("wickr.root-request-guard-state.v1")]
[GenerateSerializer]
internal sealed class RootRequestGuardState
{
    [Id(0)]
    public Dictionary<string, DateTimeOffset> Requests { get; set; } = [];
}
