namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>One user's file quota, keyed by the root grain key (<see cref="GrainKeys.ForRoot"/>): the sizes of the user's stored files.</summary>
[Alias("wickr.file-quota.v1")]
public interface IFileQuotaGrain : IGrainWithStringKey
{
    /// <summary>Reserves <paramref name="size"/> bytes for a file; refuses (LimitExceeded) beyond <paramref name="quota"/>.</summary>
    /// <param name="blobId">The file's blob id (16 bytes).</param>
    /// <param name="size">Its declared size (at least 1).</param>
    /// <param name="quota">The most bytes the user may hold.</param>
    [Alias("reserve")]
    Task ReserveAsync(byte[] blobId, long size, long quota);

    /// <summary>Gives back what a file reserved; unknown ids are ignored.</summary>
    /// <param name="blobId">The file's blob id (16 bytes).</param>
    [Alias("release")]
    Task ReleaseAsync(byte[] blobId);

    /// <summary>The bytes reserved now.</summary>
    [Alias("get-used")]
    Task<long> GetUsedAsync();
}
