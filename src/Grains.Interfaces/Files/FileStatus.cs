namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>Where an upload stands.</summary>
/// <param name="BlobId">The file's blob id (16 bytes).</param>
/// <param name="Size">The declared encrypted size.</param>
/// <param name="StoredBytes">How many bytes are stored: the offset an interrupted upload continues from.</param>
/// <param name="ExpiresAtUnixMs">When the file is deleted at the latest.</param>
[Alias("wickr.file-status.v1")]
[GenerateSerializer, Immutable]
public sealed record FileStatus(
    [property: Id(0)] byte[] BlobId,
    [property: Id(1)] long Size,
    [property: Id(2)] long StoredBytes,
    [property: Id(3)] long ExpiresAtUnixMs)
{
    /// <summary>True when every declared byte is stored.</summary>
    public bool Complete => StoredBytes == Size;
}
