using System.Security.Cryptography;

namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>
/// Blob ids: 16 random bytes, chosen by the gateway. A blob id's lowercase hex (32 characters) is its blob key: the file
/// grain's key, the blob's name in the blob store and the <c>blob_id</c> on the wire.
/// </summary>
public static class BlobKeys
{
    /// <summary>The size of a blob id.</summary>
    public const int IdBytes = 16;

    /// <summary>The length of a blob key: two hex characters per byte.</summary>
    public const int Length = 2 * IdBytes;

    /// <summary>A fresh random blob id.</summary>
    public static byte[] NewId() => RandomNumberGenerator.GetBytes(IdBytes);

    /// <summary>The blob key of a blob id.</summary>
    /// <param name="blobId">The blob id (16 bytes).</param>
    /// <exception cref="ClusterException">The id does not have 16 bytes.</exception>
    public static string ForBlob(ReadOnlySpan<byte> blobId)
    {
        if (blobId.Length != IdBytes)
        {
            throw new ClusterException(ClusterErrorCode.InvalidArgument, $"A blob id has {IdBytes} bytes.");
        }

        return Convert.ToHexStringLower(blobId);
    }

    /// <summary>True when <paramref name="key"/> is a blob key: 32 lowercase hex characters.</summary>
    /// <param name="key">A blob key, as a file grain, the blob store or a request names a blob.</param>
    public static bool IsBlobKey(string? key) => key is { Length: Length } && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
