using System.Security.Cryptography;

namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>Blob ids: 16 random bytes as 32 lowercase hex characters, chosen by the gateway.</summary>
public static class BlobKeys
{
    /// <summary>The length of a blob id.</summary>
    public const int Length = 32;

    /// <summary>A fresh random blob id.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    /// <summary>True for 32 lowercase hex characters.</summary>
    public static bool IsBlobId(string? id) => id is { Length: Length } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
