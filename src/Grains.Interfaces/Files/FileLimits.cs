namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>
/// The fixed limits of file transfer, the same for the gateway and the grains. The configurable ones (size cap, quota,
/// retention) are the silo's <c>Grains:Files</c> settings (<c>Wickr.Cluster.Grains.FilesOptions</c>).
/// </summary>
public static class FileLimits
{
    /// <summary>The largest chunk one upload message or download message carries (1 MiB); fixed, not configurable.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>The size of a read token (the protocol's <see cref="Protocol.Files.FileDescriptor.ReadTokenSize"/>) and of its SHA-256 hash.</summary>
    public const int ReadTokenBytes = Protocol.Files.FileDescriptor.ReadTokenSize;

    /// <summary>Most recipient nodes one file names.</summary>
    public const int MaxRecipients = 1000;
}
