namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The key derivation of a passphrase-sealed blob, by the id byte the blob starts with: scrypt with r = 8, p = 1
/// and a cost N that grows with the id. The reference writes <see cref="Scrypt17"/>; every id here is read.
/// </summary>
public enum PassphraseKdf : byte
{
    /// <summary>scrypt, N = 2^17 (128 MiB): the default.</summary>
    Scrypt17 = 1,

    /// <summary>scrypt, N = 2^18 (256 MiB).</summary>
    Scrypt18 = 2,

    /// <summary>scrypt, N = 2^19 (512 MiB).</summary>
    Scrypt19 = 3,

    /// <summary>scrypt, N = 2^20 (1 GiB).</summary>
    Scrypt20 = 4,
}
