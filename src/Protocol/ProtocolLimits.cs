namespace Wickr.Cluster.Protocol;

/// <summary>
/// The default limits that both the gateway and the grains enforce. Each layer's options take their defaults from
/// here, so the two never drift apart; an operator who changes one should change the other to match.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Largest packet a send carries and a mailbox stores: 255 KiB.</summary>
    public const int MaxPacketBytes = 255 * 1024;

    /// <summary>Longest sender-chosen message id: 64 characters.</summary>
    public const int MaxMessageIdLength = 64;

    /// <summary>Most recipient nodes of one send: 500.</summary>
    public const int MaxRecipients = 500;

    /// <summary>Most pools one claim request names: 500.</summary>
    public const int MaxClaimNodes = 500;

    /// <summary>Most one-time keys of one upload: 100.</summary>
    public const int MaxUploadKeys = 100;

    /// <summary>Most sequences of one acknowledgement: 500.</summary>
    public const int MaxAckSequences = 500;

    /// <summary>Largest sealed recovery bundle: 64 KiB.</summary>
    public const int MaxRecoveryBundleBytes = 64 * 1024;

    /// <summary>Most nodes (devices) of one user: 64.</summary>
    public const int MaxNodes = 64;
}
