using System.Security.Cryptography;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The proof a recovery bundle fetch must carry. Clients derive a 32-byte recovery access key (from the passphrase,
/// or from Krbk in the hardened mode); the server keeps and compares only its SHA-256, the verifier, so the stored
/// state never holds anything a fetcher could present.
/// </summary>
public static class RecoveryAccess
{
    /// <summary>Size of a recovery access key (the protocol's <see cref="Protocol.Recovery.RecoveryAccessKey.Size"/>).</summary>
    public const int AccessKeySize = Protocol.Recovery.RecoveryAccessKey.Size;

    /// <summary>Size of a verifier (SHA-256).</summary>
    public const int VerifierSize = SHA256.HashSizeInBytes;

    /// <summary>The one answer to every fetch that does not get the bundle: unknown user, no bundle, wrong key.</summary>
    public const string DeniedMessage = "No recovery bundle opens with this access key.";

    /// <summary>The verifier of <paramref name="accessKey"/>: SHA-256 of it.</summary>
    public static byte[] Verifier(ReadOnlySpan<byte> accessKey) => SHA256.HashData(accessKey);
}
