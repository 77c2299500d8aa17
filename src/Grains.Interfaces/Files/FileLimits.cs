namespace Wickr.Cluster.Contracts.Files;

/// <summary>
/// Every limit of file transfer, in one place: the silo binds it from configuration section <c>Grains:Files</c>
/// (environment <c>Grains__Files__MaxFileBytes</c> …); the gateway and the client read <see cref="ChunkBytes"/>.
/// </summary>
public sealed class FileLimits
{
    /// <summary>The largest chunk one upload message or download message carries (1 MiB); fixed, not configurable.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>The size of a read token and of its SHA-256 hash.</summary>
    public const int ReadTokenBytes = 32;

    /// <summary>Most recipient nodes one file names.</summary>
    public const int MaxRecipients = 1000;

    /// <summary>The largest encrypted file (header included). Default 1 GiB.</summary>
    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Most bytes of stored files one user holds at a time (uploads in progress included). Default 4 GiB.</summary>
    public long QuotaBytesPerUser { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How long a file is kept when not every recipient downloads it. Default 30 days (as the mailbox).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each silo looks for files past their retention. Default 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The problems with these limits, one message each naming the setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxFileBytes < 1) yield return "Files:MaxFileBytes must be at least 1.";
        if (QuotaBytesPerUser < MaxFileBytes) yield return "Files:QuotaBytesPerUser must be at least MaxFileBytes.";
        if (Retention <= TimeSpan.Zero) yield return "Files:Retention must be positive.";
        if (SweepInterval <= TimeSpan.Zero) yield return "Files:SweepInterval must be positive.";
    }
}
