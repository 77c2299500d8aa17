using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class SqliteMailboxStoreTests : MailboxStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    protected override IMailboxStore Store => new SqliteMailboxStore(_database.First);

    public void Dispose() => _database.Dispose();
}
