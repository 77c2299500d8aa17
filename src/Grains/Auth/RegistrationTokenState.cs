namespace Wickr.Cluster.Grains.Auth;

/// <summary>Which roots used a registration token, and until when that matters.</summary>
[Alias("wickr.registration-token-state.v1")]
[GenerateSerializer]
internal sealed class RegistrationTokenState
{
    /// <summary>The first root that used the token, in lowercase hex, or null while unused (kept for state written when a token had one use).</summary>
    [Id(0)]
    public string? UsedBy { get; set; }

    /// <summary>The token's expiry.</summary>
    [Id(1)]
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The roots after the first that used the token, in lowercase hex.</summary>
    [Id(2)]
    public List<string> MoreUsers { get; set; } = [];
}
