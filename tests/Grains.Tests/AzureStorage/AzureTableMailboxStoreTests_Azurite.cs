using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

public sealed class AzureTableMailboxStoreTests_Azurite(AzureStoreFixture fixture)
    : MailboxStoreContractTests, IClassFixture<AzureStoreFixture>
{
    private readonly IMailboxStore store = fixture.MailboxStore();

    protected override IMailboxStore Store => store;
}
