namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>A blob as the retention sweep sees it.</summary>
/// <param name="BlobId">Its id.</param>
/// <param name="ExpiresAt">When it is deleted at the latest.</param>
public sealed record StoredBlob(string BlobId, DateTimeOffset ExpiresAt);
