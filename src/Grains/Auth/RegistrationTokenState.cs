namespace Wickr.Cluster.Grains.Auth;

/// <summary>Who used a single-use registration token, and until when that matters.</summary>
[Alias("wickr.registration-token-state.v1")]
[GenerateSerializer]
internal sealed class RegistrationTokenState
{
    /// <summary>The root identifier in lowercase hex, or null while unused.</summary>
    [Id(0)]
    public string? UsedBy { get; set; }

    /// <summary>The token's expiry.</summary>
    [Id(1)]
    public DateTimeOffset ExpiresAt { get; set; }
}
