using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file holding grain state, mailboxes and ephemeral keys. Bound from configuration
/// section <c>Silo:Sqlite</c> by the silo in embedded mode (environment variables <c>Silo__Sqlite__*</c>); the file
/// itself is <c>wickr.db</c> in <c>Silo:DataDirectory</c>.
/// </summary>
public sealed class SqliteStorageOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo:Sqlite";

    /// <summary>
    /// Sync the write-ahead log on every commit (<c>synchronous=FULL</c>): a write acknowledged to a caller survives
    /// a power loss, not only a process crash. Default true.
    /// </summary>
    public bool FullSync { get; set; } = true;

    /// <summary>How long a writer waits for another writer (another silo on the same file) before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Writes committed together at most (group commit: whatever queued up while the previous commit ran, one fsync
    /// for all). Default <see cref="SqliteGroupCommitWriter.DefaultMaxBatch"/> (256).
    /// </summary>
    public int MaxWriteBatch { get; set; } = SqliteGroupCommitWriter.DefaultMaxBatch;

    /// <summary>
    /// Pages the write-ahead log holds before a commit copies them into the database file (SQLite's
    /// <c>wal_autocheckpoint</c>); the log then starts over. Default 10,000, about 40 MB of log: against SQLite's
    /// 1,000, a page rewritten by many commits is copied once instead of ten times, and the commit that copies comes
    /// ten times less often (6 paired load runs: less silo CPU per send in each, 14 % at the median;
    /// bench/Cluster.Load/README.md).
    /// </summary>
    public int CheckpointPages { get; set; } = 10_000;

    /// <summary>
    /// Packet body bytes the silo keeps in memory by hash (<see cref="PacketBodyCache"/>), so a body shared by many
    /// mailboxes (a room message) is read from the file once for all their readers, not once per node. Default 64 MiB
    /// (over 1,300 packets of a 500-node room message); 0 reads every body from the file.
    /// </summary>
    public long BodyCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        // SQLite's busy_timeout is a 32-bit count of milliseconds (24.8 days at most).
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromDays(1)) yield return "BusyTimeout must be 0 to 1 day.";
        if (MaxWriteBatch < 1) yield return "MaxWriteBatch must be at least 1.";

        // 0 would turn checkpoints off, and the log would grow for as long as the silo runs.
        if (CheckpointPages < 1) yield return "CheckpointPages must be at least 1.";
        if (BodyCacheBytes < 0) yield return "BodyCacheBytes must be 0 or more.";
    }
}
