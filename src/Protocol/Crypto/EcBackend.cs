using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// Where the P-521 operations run. <see cref="OpenSsl"/> calls the system's OpenSSL 3 directly (Linux, when
/// <c>libcrypto.so.3</c> loads): it parses a key for a fraction of what .NET's import costs and skips .NET's
/// per-agreement peer re-check. <see cref="Managed"/> is .NET's own <c>System.Security.Cryptography</c>, used on every
/// other platform. Both give the same bytes; the environment variable <c>WICKR_CRYPTO_BACKEND</c>
/// (<c>auto</c> — the default —, <c>managed</c> or <c>openssl</c>) picks one for the process.
/// </summary>
internal abstract class EcBackend
{
    /// <summary>The environment variable that selects the backend.</summary>
    public const string SelectionVariable = "WICKR_CRYPTO_BACKEND";

    private static readonly Lazy<EcBackend> Selected = new(() => Choose(Environment.GetEnvironmentVariable(SelectionVariable)));

    /// <summary>.NET's own implementation; available everywhere.</summary>
    public static EcBackend Managed { get; } = new ManagedEcBackend();

    /// <summary>The libcrypto implementation, or null when it cannot be used here.</summary>
    public static EcBackend? OpenSsl => OpenSslP521.IsAvailable ? OpenSslEcBackend.Instance : null;

    /// <summary>The process's backend, chosen once from <c>WICKR_CRYPTO_BACKEND</c>.</summary>
    public static EcBackend Default => Selected.Value;

    /// <summary>"managed" or "openssl".</summary>
    public abstract string Name { get; }

    /// <summary>Chooses a backend from the setting's value; null or empty means auto.</summary>
    public static EcBackend Choose(string? setting) => setting?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => OpenSsl ?? Managed,
        "managed" => Managed,
        "openssl" or "native" => OpenSsl
            ?? throw new WickrException(WickrError.InvalidState, $"{SelectionVariable}={setting}, but OpenSSL 3 (libcrypto.so.3) cannot be used here"),
        _ => throw new WickrException(WickrError.InvalidArgument, $"{SelectionVariable} is auto, managed or openssl, not '{setting}'"),
    };

    /// <summary>A fresh key pair.</summary>
    public abstract EcKeyPair Generate();

    /// <summary>Checks that <paramref name="key"/> is a valid P-521 point; throws <see cref="WickrException"/> (Parse) if not.</summary>
    public abstract void Validate(EcPublicKey key);

    /// <summary>ECDSA with SHA-512; the DER <c>ECDSA-Sig-Value</c>.</summary>
    public abstract byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data);

    /// <summary>Verifies a DER <c>ECDSA-Sig-Value</c>.</summary>
    public abstract bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature, HashAlgorithmName hash);

    /// <summary>The ECDH x-coordinate (66 bytes). The caller zeroes it. Throws <see cref="WickrException"/> (Decrypt) on failure.</summary>
    public abstract byte[] Agree(EcKeyPair mine, EcPublicKey theirs);

    /// <inheritdoc />
    public override string ToString() => Name;
}
