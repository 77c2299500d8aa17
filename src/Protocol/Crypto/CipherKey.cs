using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>A 32-byte AES-256 key with its cipher id; encoded as <c>cipher id ‖ key</c> (33 bytes).</summary>
public sealed class CipherKey : IDisposable
{
    /// <summary>Size of an AES-256 key.</summary>
    public const int KeySize = 32;

    /// <summary>Size of the encoding: one id byte and the key.</summary>
    public const int EncodedSize = 1 + KeySize;

    private readonly byte[] _key;

    /// <summary>Wraps a copy of <paramref name="key"/>.</summary>
    public CipherKey(CipherId cipher, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a cipher key has {KeySize} bytes, not {key.Length}");
        }

        if (cipher is not (CipherId.Aes256Gcm or CipherId.Aes256Ctr))
        {
            throw new WickrException(WickrError.Parse, $"unknown cipher id {(byte)cipher}");
        }

        Cipher = cipher;
        _key = key.ToArray();
    }

    /// <summary>The cipher this key is for.</summary>
    public CipherId Cipher { get; }

    /// <summary>The raw key bytes. Valid until the key is disposed.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>A fresh random key for <paramref name="cipher"/>.</summary>
    public static CipherKey Generate(CipherId cipher = CipherId.Aes256Gcm)
    {
        Span<byte> key = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new CipherKey(cipher, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Reads the 33-byte encoding.</summary>
    public static CipherKey Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != EncodedSize)
        {
            throw new WickrException(WickrError.Parse, $"a cipher key encoding has {EncodedSize} bytes, not {encoded.Length}");
        }

        return new CipherKey((CipherId)encoded[0], encoded[1..]);
    }

    /// <summary>The 33-byte encoding. The caller owns (and should zero) the array.</summary>
    public byte[] Encode()
    {
        var encoded = new byte[EncodedSize];
        encoded[0] = (byte)Cipher;
        _key.CopyTo(encoded.AsSpan(1));
        return encoded;
    }

    /// <summary>Zeroes the key bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
