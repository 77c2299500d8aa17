namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>
/// One user's file quota, keyed by the root grain key (<see cref="GrainKeys.ForRoot"/>): running totals of the bytes
/// charged and the files held, and a budget of upload starts. A reservation or release writes a few numbers, however
/// many files the user holds.
/// </summary>
[Alias("wickr.file-quota.v1")]
public interface IFileQuotaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves room for a file of <paramref name="size"/> bytes and returns what it is charged (at least the silo's
    /// minimum charge); refuses with RateLimited when the user starts uploads too fast, LimitExceeded beyond its file
    /// count or <paramref name="quota"/>.
    /// </summary>
    /// <param name="blobId">The file's blob id (16 bytes).</param>
    /// <param name="size">Its declared size (at least 1).</param>
    /// <param name="quota">The most bytes the user may hold.</param>
    [Alias("charge")]
    Task<long> ChargeAsync(byte[] blobId, long size, long quota);

    /// <summary>Gives back what <see cref="ChargeAsync"/> charged for one file.</summary>
    /// <param name="charged">What the charge returned.</param>
    [Alias("refund")]
    Task RefundAsync(long charged);

    /// <summary>Gives back what a file reserved by blob id before running totals; unknown ids are ignored.</summary>
    /// <param name="blobId">The file's blob id (16 bytes).</param>
    [Alias("release")]
    Task ReleaseAsync(byte[] blobId);

    /// <summary>The bytes charged now.</summary>
    [Alias("get-used")]
    Task<long> GetUsedAsync();
}
