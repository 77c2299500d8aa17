namespace Wickr.Cluster.Grains.Storage.Blobs;

/// <summary>A blob as the retention sweep sees it.</summary>
/// <param name="BlobKey">Its blob key (the blob id in lowercase hex), its name in the store.</param>
/// <param name="ExpiresAt">When it is deleted at the latest.</param>
public sealed record StoredBlob(string BlobKey, DateTimeOffset ExpiresAt);
