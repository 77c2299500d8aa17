namespace Wickr.Cluster.Grains.Interfaces.Auth;

/// <summary>Fixed bounds of the auth grains.</summary>
public static class AuthLimits
{
    /// <summary>Size of an auth challenge nonce in bytes.</summary>
    public const int NonceSize = 32;

    /// <summary>Most used, unexpired nonces remembered per node (only the node's own signed answers add to them).</summary>
    public const int MaxUsedNonces = 256;

    /// <summary>Longest lifetime a nonce may be given.</summary>
    public static readonly TimeSpan MaxChallengeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Most root-signed requests remembered per user at a time.</summary>
    public const int MaxRememberedRequests = 256;

    /// <summary>Shortest request digest.</summary>
    public const int MinRequestDigest = 16;

    /// <summary>Longest request digest.</summary>
    public const int MaxRequestDigest = 64;
}
