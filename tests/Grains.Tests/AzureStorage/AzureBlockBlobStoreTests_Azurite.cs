using Azure.Storage.Blobs;
using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Grains.Tests.Storage.Blobs;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>The cluster mode's blob store (Azure block blobs) against the contract, on Azurite, in a container of its own.</summary>
public sealed class AzureBlockBlobStoreTests_Azurite : BlobStoreContractTests, IAsyncLifetime
{
    private readonly string _container = Azurite.UniquePrefix("blobs");
    private BlobServiceClient _service = null!;

    protected override IBlobStore Store => new AzureBlockBlobStore(_service, _container);

    protected override IBlobStore OtherStore => new AzureBlockBlobStore(_service, _container);

    public async Task InitializeAsync() => _service = new BlobServiceClient(await Azurite.GetConnectionStringAsync());

    public async Task DisposeAsync() => await _service.GetBlobContainerClient(_container).DeleteIfExistsAsync();
}
