using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>Key derivation: HKDF on .NET's implementation, scrypt on BouncyCastle's (.NET has none).</summary>
public static class Kdf
{
    /// <summary>HKDF extract-and-expand (RFC 5869). An empty salt means "none": hash-length zero bytes.</summary>
    public static byte[] Hkdf(HashAlgorithmName hash, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        var output = new byte[length];
        HKDF.DeriveKey(hash, ikm, output, salt, info);
        return output;
    }

    /// <summary>HKDF expand only, with <paramref name="prk"/> used directly as the pseudo-random key.</summary>
    public static byte[] HkdfExpand(HashAlgorithmName hash, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, int length)
    {
        var output = new byte[length];
        HKDF.Expand(hash, prk, output, info);
        return output;
    }

    /// <summary>scrypt with cost <paramref name="n"/>, block size <paramref name="r"/> and parallelism <paramref name="p"/>.</summary>
    public static byte[] Scrypt(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
    {
        if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1)
        {
            throw new WickrException(WickrError.InvalidArgument, "scrypt needs N a power of two above 1, r ≥ 1, p ≥ 1");
        }

        var passwordCopy = password.ToArray();
        try
        {
            return SCrypt.Generate(passwordCopy, salt.ToArray(), n, r, p, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordCopy);
        }
    }
}
