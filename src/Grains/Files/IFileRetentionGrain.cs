using Orleans.Concurrency;

namespace Wickr.Cluster.Grains.Files;

/// <summary>
/// The cluster's one retention sweeper of encrypted files: one grain (key 0), so one activation in the cluster lists the
/// blob store and has each file past its retention expire. Every silo's <see cref="FileRetentionTicker"/> asks it once
/// per <see cref="FilesOptions.SweepInterval"/>; it sweeps on the asks of the silo it lives on, one per interval, and
/// the other silos' asks only keep it alive (and activate it again elsewhere when its silo dies). Silo-internal, so not
/// part of <c>Grains.Interfaces</c>.
/// </summary>
[Alias("wickr.file-retention.v1")]
internal interface IFileRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Sweeps when <paramref name="asker"/> is the silo this activation lives on and no sweep is running: lists the blob
    /// store and asks the grain of every blob past its expiry to expire. Interleaves, so an ask that arrives while a
    /// sweep runs is answered at once instead of queueing behind it.
    /// </summary>
    /// <param name="asker">The silo whose ticker asks.</param>
    /// <returns>True when this call swept.</returns>
    [AlwaysInterleave]
    [Alias("sweep")]
    Task<bool> SweepAsync(SiloAddress asker);
}
