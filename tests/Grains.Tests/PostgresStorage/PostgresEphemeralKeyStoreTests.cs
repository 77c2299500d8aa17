using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Storage;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

public sealed class PostgresEphemeralKeyStoreTests(PostgresStoreFixture fixture)
    : EphemeralKeyStoreContractTests, IClassFixture<PostgresStoreFixture>
{
    private readonly IEphemeralKeyStore store = new PostgresEphemeralKeyStore(fixture.Database);
    private readonly IEphemeralKeyStore otherSiloStore = new PostgresEphemeralKeyStore(fixture.OtherDatabase);

    protected override IEphemeralKeyStore Store => store;

    protected override IEphemeralKeyStore OtherSiloStore => otherSiloStore;
}
