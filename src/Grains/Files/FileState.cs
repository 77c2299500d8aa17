namespace Wickr.Cluster.Grains.Files;

/// <summary>What the server knows about one file: never its key, name or plaintext digest.</summary>
[GenerateSerializer]
internal sealed class FileState
{
    [Id(0)] public string? OwnerRoot { get; set; }

    [Id(1)] public string? OwnerNode { get; set; }

    [Id(2)] public long Size { get; set; }

    /// <summary>SHA-256 of the read token; the token itself exists only inside the encrypted message.</summary>
    [Id(3)] public byte[] ReadTokenHash { get; set; } = [];

    [Id(4)] public long ExpiresAtUnixMs { get; set; }

    [Id(5)] public string[] Recipients { get; set; } = [];

    [Id(6)] public HashSet<string> Downloaded { get; set; } = new(StringComparer.Ordinal);
}
