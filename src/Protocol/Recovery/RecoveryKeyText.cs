using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// The recovery bundle key Krbk as text, for the hardened mode in which the user keeps it in their own records
/// instead of letting the server hold it sealed under a passphrase. The text is the 33-byte cipher key encoding.
/// </summary>
public static class RecoveryKeyText
{
    /// <summary>Length of the base32 form.</summary>
    public static readonly int Base32Length = CrockfordBase32.EncodedLength(CipherKey.EncodedSize);

    /// <summary>Length of the hex form.</summary>
    public const int HexLength = 2 * CipherKey.EncodedSize;

    /// <summary>Shows <paramref name="recoveryKey"/> in <paramref name="format"/>.</summary>
    public static string Format(CipherKey recoveryKey, RecoveryKeyFormat format = RecoveryKeyFormat.Base32)
    {
        ArgumentNullException.ThrowIfNull(recoveryKey);
        var encoded = recoveryKey.Encode();
        try
        {
            return format switch
            {
                RecoveryKeyFormat.Base32 => CrockfordBase32.Encode(encoded),
                RecoveryKeyFormat.Hex => Convert.ToHexStringLower(encoded),
                _ => throw new WickrException(WickrError.InvalidArgument, $"unknown recovery key format {format}"),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>
    /// Reads a key the user typed back in, in either form (told apart by length; case, spaces and hyphens do not
    /// matter). Throws Parse when it is neither form or names an unknown cipher.
    /// </summary>
    public static CipherKey Parse(ReadOnlySpan<char> text)
    {
        Span<char> compact = stackalloc char[Math.Min(text.Length, 256)];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (length == compact.Length)
            {
                throw new WickrException(WickrError.Parse, "a recovery key is 53 base32 or 66 hex characters");
            }

            compact[length++] = c;
        }

        var digits = compact[..length];
        byte[]? encoded = null;
        try
        {
            if (length == HexLength)
            {
                encoded = new byte[CipherKey.EncodedSize];
                if (Convert.FromHexString(digits, encoded, out _, out _) != System.Buffers.OperationStatus.Done)
                {
                    throw new WickrException(WickrError.Parse, "a hex recovery key has a non-hex character");
                }
            }
            else if (length == Base32Length)
            {
                encoded = CrockfordBase32.Decode(digits, CipherKey.EncodedSize);
            }
            else
            {
                throw new WickrException(WickrError.Parse, "a recovery key is 53 base32 or 66 hex characters");
            }

            return CipherKey.Decode(encoded);
        }
        finally
        {
            compact.Clear();
            if (encoded is not null)
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
        }
    }
}
