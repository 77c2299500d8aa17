namespace Wickr.Cluster.Grains.Files;

/// <summary>What the server knows about one file: never its key, name or plaintext digest.</summary>
[Alias("wickr.file-state.v1")]
[GenerateSerializer]
internal sealed class FileState
{
    /// <summary>The uploading user's root grain key; null while no upload was created.</summary>
    [Id(0)] public string? OwnerRoot { get; set; }

    /// <summary>The uploading node's grain key: the only node that may append.</summary>
    [Id(1)] public string? OwnerNode { get; set; }

    [Id(2)] public long Size { get; set; }

    /// <summary>SHA-256 of the read token; the token itself exists only inside the encrypted message.</summary>
    [Id(3)] public byte[] ReadTokenHash { get; set; } = [];

    [Id(4)] public long ExpiresAtUnixMs { get; set; }

    /// <summary>The recipient nodes' grain keys.</summary>
    [Id(5)] public string[] Recipients { get; set; } = [];

    /// <summary>The grain keys of the nodes that confirmed a download.</summary>
    [Id(6)] public HashSet<string> Downloaded { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What the file costs its owner's quota (at least the minimum charge); 0 for a file reserved by blob id before running totals.</summary>
    [Id(7)] public long Charged { get; set; }

    /// <summary>
    /// When the file expires once its upload is complete (Unix ms); until then <see cref="ExpiresAtUnixMs"/> is the
    /// incomplete upload's deadline. 0 for a file created before incomplete uploads had a deadline.
    /// </summary>
    [Id(8)] public long RetainUntilUnixMs { get; set; }
}
