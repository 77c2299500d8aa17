namespace Wickr.Cluster.Protocol.Files;

/// <summary>Blob ids as the server hands them out: 16 random bytes as 32 lowercase hex characters.</summary>
internal static class BlobIds
{
    public const int Length = 32;

    public static bool IsValid(string? id) => id is { Length: Length } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
