namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>How a recovery bundle key is shown to a user who keeps it (hardened mode).</summary>
public enum RecoveryKeyFormat
{
    /// <summary>Crockford base32 of the 33-byte key encoding: 53 characters.</summary>
    Base32,

    /// <summary>Lowercase hex of the 33-byte key encoding: 66 characters.</summary>
    Hex,
}
