namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>Limits small enough that a test reaches them with a few calls.</summary>
public static class TestLimits
{
    /// <summary>The silo's packet cap (<c>Grains:Mailbox:MaxPacketBytes</c>), below the protocol's, which the gateway checks.</summary>
    public const int MaxPacketBytes = 64 * 1024;

    /// <summary>A mailbox holds at most four packets of <see cref="MaxPacketBytes"/>.</summary>
    public const long MaxQueuedBytes = 256 * 1024;

    public const int MaxRecipients = 8;
    public const int MaxClaimNodes = 8;

    /// <summary>A FetchPackets response carries at most about two packets of <see cref="MaxPacketBytes"/>.</summary>
    public const int MaxFetchResponseBytes = 128 * 1024;

    /// <summary>Nodes per user.</summary>
    public const int MaxNodes = 4;

    /// <summary>Pool: 30 keys at most, low below 5, claims burst 20 per claimer.</summary>
    public const int PoolMaxKeys = 30;
    public const int PoolLowWaterMark = 5;
    public const int ClaimBurst = 20;

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}
