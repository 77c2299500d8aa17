using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// The device store's sealing: AES-256-GCM under Klds, <c>nonce (12) ‖ ciphertext ‖ tag (16)</c>, with the row's
/// place (table and key) as associated data, so a sealed value moved to another row no longer opens.
/// </summary>
internal sealed class StoreCipher : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly AesGcm _aes;

    /// <summary>A cipher under a copy of <paramref name="klds"/>'s key bytes (AesGcm keeps its own copy).</summary>
    public StoreCipher(CipherKey klds)
    {
        ArgumentNullException.ThrowIfNull(klds);
        _aes = new AesGcm(klds.Key, TagSize);
    }

    /// <summary>Seals <paramref name="plaintext"/> for the row named by <paramref name="place"/>.</summary>
    public byte[] Seal(string place, ReadOnlySpan<byte> plaintext)
    {
        var result = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, plaintext, result.AsSpan(NonceSize, plaintext.Length), result.AsSpan(NonceSize + plaintext.Length), Aad(place));
        return result;
    }

    /// <summary>Opens a sealed value of the row <paramref name="place"/>; Decrypt when it was altered or moved. The caller zeroes the result.</summary>
    public byte[] Open(string place, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new WickrException(WickrError.Parse, $"a sealed store value has at least {NonceSize + TagSize} bytes");
        }
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        try
        {
            _aes.Decrypt(sealedValue[..NonceSize], sealedValue[NonceSize..^TagSize], sealedValue[^TagSize..], plain, Aad(place));
            return plain;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new WickrException(WickrError.Decrypt, $"the stored value of {place} does not open under this device's storage key", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _aes.Dispose();

    private static byte[] Aad(string place) => System.Text.Encoding.UTF8.GetBytes("wickr-device-store/v1|" + place);
}
