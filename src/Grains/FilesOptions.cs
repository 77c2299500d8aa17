using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains;

/// <summary>
/// The configurable limits of file transfer: the silo binds them from configuration section <c>Grains:Files</c>
/// (environment <c>Grains__Files__MaxFileBytes</c> …). The fixed ones are <see cref="FileLimits"/>.
/// </summary>
public sealed class FilesOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Grains:Files";

    /// <summary>The largest encrypted file (header included). Default 1 GiB.</summary>
    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Most bytes of stored files one user holds at a time (uploads in progress included). Default 4 GiB.</summary>
    public long QuotaBytesPerUser { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The least a file is charged against <see cref="QuotaBytesPerUser"/>, however small: what a stored file costs
    /// beyond its bytes (its state, its blob, the sweeps). Default 64 KiB.
    /// </summary>
    public long MinChargeBytes { get; set; } = 64 * 1024;

    /// <summary>Most files one user holds at a time (uploads in progress included). Default 1,000.</summary>
    public int MaxFilesPerUser { get; set; } = 1_000;

    /// <summary>Uploads one user may start in a burst (CreateUpload). Default 100.</summary>
    public int UploadBurst { get; set; } = 100;

    /// <summary>One upload start of the burst comes back per interval (sustained rate). Default 6 seconds (10 a minute).</summary>
    public TimeSpan UploadRefillInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long a file is kept when not every recipient downloads it. Default 30 days (as the mailbox).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long an upload may take to complete: a file still incomplete then is deleted by the retention sweep and its
    /// quota charge given back. Once complete, the file is kept for <see cref="Retention"/> from its start. Default 6 hours.
    /// </summary>
    public TimeSpan IncompleteUploadLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How often the cluster looks for files past their retention: one grain lists the blob store once per interval,
    /// however many silos there are. Default 1 minute.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (MaxFileBytes < 1) yield return "MaxFileBytes must be at least 1.";
        if (QuotaBytesPerUser < MaxFileBytes) yield return "QuotaBytesPerUser must be at least MaxFileBytes.";
        if (MinChargeBytes < 1) yield return "MinChargeBytes must be at least 1.";
        if (MaxFilesPerUser < 1) yield return "MaxFilesPerUser must be at least 1.";
        if (UploadBurst < 1) yield return "UploadBurst must be at least 1.";
        if (UploadRefillInterval <= TimeSpan.Zero) yield return "UploadRefillInterval must be positive.";
        if (Retention <= TimeSpan.Zero) yield return "Retention must be positive.";
        if (IncompleteUploadLifetime <= TimeSpan.Zero) yield return "IncompleteUploadLifetime must be positive.";
        if (SweepInterval <= TimeSpan.Zero) yield return "SweepInterval must be positive.";
    }
}
