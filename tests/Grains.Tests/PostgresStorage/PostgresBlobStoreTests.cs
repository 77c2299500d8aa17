using Wickr.Cluster.Grains.Storage.Blobs;
using Wickr.Cluster.Grains.Storage.Postgres;
using Wickr.Cluster.Grains.Tests.Storage.Blobs;

namespace Wickr.Cluster.Grains.Tests.PostgresStorage;

/// <summary>Postgres mode's blob store (chunk rows) against the contract, two silos' pools on one database.</summary>
public sealed class PostgresBlobStoreTests(PostgresStoreFixture fixture)
    : BlobStoreContractTests, IClassFixture<PostgresStoreFixture>
{
    private readonly IBlobStore store = new PostgresBlobStore(fixture.Database.DataSource);
    private readonly IBlobStore other = new PostgresBlobStore(fixture.OtherDatabase.DataSource);

    protected override IBlobStore Store => store;

    protected override IBlobStore OtherStore => other;
}
