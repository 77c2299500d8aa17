namespace Wickr.Cluster.Grains.Files;

/// <summary>
/// One user's file quota as running totals: the bytes charged and the files held, and the user's upload-start budget.
/// <see cref="Files"/> holds what was reserved by blob id before the totals existed, released by id as before.
/// </summary>
[Alias("wickr.file-quota-state.v1")]
[GenerateSerializer]
internal sealed class FileQuotaState
{
    /// <summary>Sizes by blob key of files reserved before the running totals; only ever shrinks.</summary>
    [Id(0)] public Dictionary<string, long> Files { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bytes charged for the files held now (each at least the minimum charge).</summary>
    [Id(1)] public long ChargedBytes { get; set; }

    /// <summary>Files held now (uploads in progress included).</summary>
    [Id(2)] public int FileCount { get; set; }

    /// <summary>The theoretical arrival time of the upload-start budget (a GCRA bucket).</summary>
    [Id(3)] public DateTimeOffset UploadBudget { get; set; }
}
