namespace Wickr.Cluster.Protocol;

/// <summary>
/// The protocol's limits on one request, the one place each is written. The gateway refuses anything beyond them at
/// the door and the grains check the same constants, so a request the gateway lets through is never refused by a grain
/// for a limit the two disagree on. A few are operator policy: a setting may lower them on the layer that owns them,
/// never raise them (<see cref="MaxPacketBytes"/>, <see cref="MaxRecoveryBundleBytes"/> and <see cref="MaxNodes"/> on
/// the silo, which checks its setting; <see cref="MaxRecipients"/> and <see cref="MaxClaimNodes"/> on the gateway).
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Largest packet a send carries and a mailbox stores: 255 KiB. A silo may store less (<c>Grains:Mailbox:MaxPacketBytes</c>).</summary>
    public const int MaxPacketBytes = 255 * 1024;

    /// <summary>Longest message id (<see cref="MessageId"/>): 64 characters.</summary>
    public const int MaxMessageIdLength = 64;

    /// <summary>Most recipient nodes of one send: 500.</summary>
    public const int MaxRecipients = 500;

    /// <summary>Most pools one claim request names: 500.</summary>
    public const int MaxClaimNodes = 500;

    /// <summary>Most one-time keys of one upload: 100.</summary>
    public const int MaxUploadKeys = 100;

    /// <summary>Most sequences of one acknowledgement: 500.</summary>
    public const int MaxAckSequences = 500;

    /// <summary>
    /// Most packets one FetchPackets returns (its <c>max_count</c> cap) and one mailbox read of a Subscribe stream asks
    /// for: 100. A silo may return fewer per read (<c>Grains:Mailbox:MaxReadBatch</c>); readers go on until a read is empty.
    /// </summary>
    public const int MaxFetchPackets = 100;

    /// <summary>Largest sealed recovery bundle: 64 KiB. A silo may keep less (<c>Grains:User:MaxRecoveryBundleBytes</c>).</summary>
    public const int MaxRecoveryBundleBytes = 64 * 1024;

    /// <summary>Most nodes (devices) of one user: 64. A silo may allow fewer (<c>Grains:User:MaxNodes</c>).</summary>
    public const int MaxNodes = 64;
}
