using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Wickr.Cluster.ClientLib.Crypto;

/// <summary>AES-256-CTR with the whole 16-byte IV as one big-endian counter (OpenSSL's convention).</summary>
internal static class AesCtr
{
    private const int BlockSize = 16;

    /// <summary>Encrypts or decrypts (the same operation) <paramref name="input"/> into <paramref name="output"/>.</summary>
    public static void Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (iv.Length != BlockSize)
        {
            throw new WickrException(WickrError.Parse, "an AES-CTR IV has 16 bytes");
        }

        var blocks = (input.Length + BlockSize - 1) / BlockSize;
        var counters = new byte[blocks * BlockSize];
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        for (var i = 0; i < blocks; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(i * BlockSize), high);
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * BlockSize) + 8), low);
            low++;
            if (low == 0)
            {
                high++;
            }
        }

        using var aes = Aes.Create();
        var keyCopy = key.ToArray();
        aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ keystream[i]);
        }

        CryptographicOperations.ZeroMemory(keystream);
    }
}
