using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class AzureTableEphemeralKeyStoreTests_Azurite(AzureStoreFixture fixture)
    : EphemeralKeyStoreContractTests, IClassFixture<AzureStoreFixture>
{
    private readonly IEphemeralKeyStore store = fixture.EphemeralKeyStore();
    private readonly IEphemeralKeyStore otherSiloStore = fixture.EphemeralKeyStore();

    protected override IEphemeralKeyStore Store => store;

    protected override IEphemeralKeyStore OtherSiloStore => otherSiloStore;
}
