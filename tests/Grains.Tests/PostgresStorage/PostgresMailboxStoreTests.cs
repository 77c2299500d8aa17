using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class PostgresMailboxStoreTests(PostgresStoreFixture fixture)
    : MailboxStoreContractTests, IClassFixture<PostgresStoreFixture>
{
    private readonly IMailboxStore store = new PostgresMailboxStore(fixture.Database);

    protected override IMailboxStore Store => store;
}
