using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Users;

/// <summary>
/// The persisted sealed recovery bundle, apart from the user state so node changes never rewrite it, with the
/// verifier a fetch must match. (Ids 2 and 3 held a per-user failure count; wrong answers are now counted by the
/// gateway, and Orleans skips the old fields of a stored state.)
/// </summary>
[Alias("wickr.recovery-state.v1")]
[GenerateSerializer]
internal sealed class RecoveryState
{
    [Id(0)]
    public byte[]? SealedBundle { get; set; }

    /// <summary>SHA-256 of the recovery access key (<see cref="RecoveryAccess.Verifier"/>).</summary>
    [Id(1)]
    public byte[]? AccessVerifier { get; set; }
}
