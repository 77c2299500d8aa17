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
    private IBlobStore _store = null!;
    private IBlobStore _other = null!;

    // One instance per "silo" for the whole test, so what an instance remembers of its writes is exercised.
    protected override IBlobStore Store => _store;

    protected override IBlobStore OtherStore => _other;

    public async Task InitializeAsync()
    {
        _service = new BlobServiceClient(await Azurite.GetConnectionStringAsync());
        _store = new AzureBlockBlobStore(_service, _container);
        _other = new AzureBlockBlobStore(_service, _container);
    }

    public async Task DisposeAsync() => await _service.GetBlobContainerClient(_container).DeleteIfExistsAsync();
}
