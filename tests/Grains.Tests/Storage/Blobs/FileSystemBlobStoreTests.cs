using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Tests.Storage.Blobs;

/// <summary>The embedded mode's blob store (files in a folder) against the contract.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-blobs-").FullName;

    protected override IBlobStore Store => new FileSystemBlobStore(_folder);

    protected override IBlobStore OtherStore => new FileSystemBlobStore(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
