using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// Encrypts and decrypts "cipher results": <c>cipher id ‖ IV ‖ tag (GCM only) ‖ ciphertext</c> — the tag comes
/// before the ciphertext, as in the reference implementation. GCM runs on .NET's AES-GCM; CTR, which .NET lacks,
/// runs on .NET's AES block function over a 128-bit big-endian counter.
/// </summary>
public static class SymmetricCipher
{
    /// <summary>GCM IV size.</summary>
    public const int GcmIvSize = 12;

    /// <summary>GCM tag size.</summary>
    public const int GcmTagSize = 16;

    /// <summary>CTR IV (initial counter block) size.</summary>
    public const int CtrIvSize = 16;

    /// <summary>Size of a cipher result for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int ResultSize(CipherId cipher, int plaintextLength) => cipher switch
    {
        CipherId.Aes256Gcm => 1 + GcmIvSize + GcmTagSize + plaintextLength,
        CipherId.Aes256Ctr => 1 + CtrIvSize + plaintextLength,
        _ => throw new WickrException(WickrError.InvalidArgument, $"unknown cipher id {(byte)cipher}"),
    };

    /// <summary>Encrypts with a fresh random IV and returns the cipher result.</summary>
    public static byte[] Encrypt(CipherKey key, ReadOnlySpan<byte> plaintext)
    {
        var result = new byte[ResultSize(key.Cipher, plaintext.Length)];
        result[0] = (byte)key.Cipher;
        if (key.Cipher == CipherId.Aes256Gcm)
        {
            var iv = result.AsSpan(1, GcmIvSize);
            RandomNumberGenerator.Fill(iv);
            using var gcm = new AesGcm(key.Key, GcmTagSize);
            gcm.Encrypt(iv, plaintext, result.AsSpan(1 + GcmIvSize + GcmTagSize), result.AsSpan(1 + GcmIvSize, GcmTagSize));
        }
        else
        {
            var iv = result.AsSpan(1, CtrIvSize);
            RandomNumberGenerator.Fill(iv);
            AesCtr.Transform(key.Key, iv, plaintext, result.AsSpan(1 + CtrIvSize));
        }

        return result;
    }

    /// <summary>
    /// Decrypts a cipher result. Throws <see cref="WickrException"/>: Parse when the framing is wrong or the cipher
    /// id does not match the key, Decrypt when GCM authentication fails.
    /// </summary>
    public static byte[] Decrypt(CipherKey key, ReadOnlySpan<byte> cipherResult)
    {
        if (cipherResult.Length < 1)
        {
            throw new WickrException(WickrError.Parse, "empty cipher result");
        }

        if (cipherResult[0] != (byte)key.Cipher)
        {
            throw new WickrException(WickrError.Parse, $"cipher result has cipher id {cipherResult[0]}, the key is for {(byte)key.Cipher}");
        }

        var overhead = ResultSize(key.Cipher, 0);
        if (cipherResult.Length < overhead)
        {
            throw new WickrException(WickrError.Parse, $"cipher result of {cipherResult.Length} bytes is shorter than its {overhead}-byte framing");
        }

        var plaintext = new byte[cipherResult.Length - overhead];
        if (key.Cipher == CipherId.Aes256Gcm)
        {
            using var gcm = new AesGcm(key.Key, GcmTagSize);
            try
            {
                gcm.Decrypt(
                    cipherResult.Slice(1, GcmIvSize),
                    cipherResult[overhead..],
                    cipherResult.Slice(1 + GcmIvSize, GcmTagSize),
                    plaintext);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new WickrException(WickrError.Decrypt, "AES-GCM authentication failed", ex);
            }
        }
        else
        {
            AesCtr.Transform(key.Key, cipherResult.Slice(1, CtrIvSize), cipherResult[overhead..], plaintext);
        }

        return plaintext;
    }
}
