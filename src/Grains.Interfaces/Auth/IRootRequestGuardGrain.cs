namespace Wickr.Cluster.Grains.Interfaces.Auth;

/// <summary>
/// Remembers the root-signed requests (node registration and removal) already carried out for one user, keyed by the
/// root identifier in lowercase hex (<see cref="GrainKeys.ForRoot"/>), until they fall out of the gateway's clock-skew
/// window, so a captured request cannot be replayed (for example to re-attach a removed device). Durable.
/// </summary>
/// <remarks>
/// The gateway checks before and records after the operation: a request whose operation failed may be retried as it is,
/// and two copies racing in before the first is recorded carry out the same idempotent operation.
/// </remarks>
[Alias("wickr.root-request-guard.v1")]
public interface IRootRequestGuardGrain : IGrainWithStringKey
{
    /// <summary>True when the request was recorded and has not yet been forgotten.</summary>
    /// <param name="requestDigest">A digest of the signed request bytes (<see cref="AuthLimits.MinRequestDigest"/> to <see cref="AuthLimits.MaxRequestDigest"/> bytes).</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.RateLimited"/> when <see cref="AuthLimits.MaxRememberedRequests"/> unexpired requests are
    /// recorded (the user must wait for older ones to expire); <see cref="ClusterErrorCode.InvalidArgument"/> for a digest
    /// of the wrong size.
    /// </exception>
    [Alias("was-carried-out")]
    Task<bool> WasCarriedOutAsync(byte[] requestDigest);

    /// <summary>Records a carried-out request until <paramref name="forgetAfter"/>. Idempotent; never refused for room.</summary>
    /// <param name="requestDigest">A digest of the signed request bytes.</param>
    /// <param name="forgetAfter">When the request can no longer be accepted anyway (its issue time plus the skew window).</param>
    /// <exception cref="ClusterException"><see cref="ClusterErrorCode.InvalidArgument"/> for a digest of the wrong size.</exception>
    [Alias("record")]
    Task RecordAsync(byte[] requestDigest, DateTimeOffset forgetAfter);
}
