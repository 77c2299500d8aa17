using Azure.Data.Tables;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.AzureTables;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class AzureTableEphemeralKeyStoreTests_Azurite(AzureStoreFixture fixture)
    : EphemeralKeyStoreContractTests, IClassFixture<AzureStoreFixture>
{
    private readonly IEphemeralKeyStore store = fixture.EphemeralKeyStore();
    private readonly IEphemeralKeyStore otherSiloStore = fixture.EphemeralKeyStore();

    protected override IEphemeralKeyStore Store => store;

    protected override IEphemeralKeyStore OtherSiloStore => otherSiloStore;

    // The previous release kept each public key whole (134 bytes) in the same rows.
    protected override async Task<IEphemeralKeyStore> UpgradedFromPreviousReleaseAsync(string node, IReadOnlyList<EphemeralKeyRecord> keys)
    {
        var table = await fixture.EphemeralKeyTableAsync();
        foreach (var key in keys)
        {
            await table.AddEntityAsync(new TableEntity(AzureTableKeys.Partition(node), AzureTableKeys.KeyRow(key.KeyId))
            {
                ["PublicKey"] = key.PublicKey,
                ["Signature"] = key.Signature,
            });
        }

        return fixture.EphemeralKeyStore();
    }
}
