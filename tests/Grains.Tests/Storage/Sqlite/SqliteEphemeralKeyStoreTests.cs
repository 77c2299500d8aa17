using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class SqliteEphemeralKeyStoreTests : EphemeralKeyStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    protected override IEphemeralKeyStore Store => new SqliteEphemeralKeyStore(_database.First);

    protected override IEphemeralKeyStore OtherSiloStore => new SqliteEphemeralKeyStore(_database.Second);

    public void Dispose() => _database.Dispose();
}
