namespace Wickr.Cluster.Protocol.Trust;

/// <summary>How much of a fingerprint is shown.</summary>
public enum FingerprintLength
{
    /// <summary>The first half of the long text: 64 hex or 51 base32 characters.</summary>
    Short,

    /// <summary>All 64 bytes: 128 hex or 103 base32 characters.</summary>
    Long,
}
