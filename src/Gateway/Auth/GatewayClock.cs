namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// The service key of the <see cref="TimeProvider"/> the gateway reads (token and nonce expiry, clock skew), keyed so a
/// test can fake it without faking the host's or the Orleans runtime's clock.
/// </summary>
public static class GatewayClock
{
    /// <summary>The service key.</summary>
    public const string Key = "wickr-gateway";
}
