namespace Wickr.Cluster.Grains.Files;

/// <summary>The sizes of one user's stored files, by blob key (the blob id in lowercase hex).</summary>
[Alias("wickr.file-quota-state.v1")]
[GenerateSerializer]
internal sealed class FileQuotaState
{
    [Id(0)] public Dictionary<string, long> Files { get; set; } = new(StringComparer.Ordinal);
}
