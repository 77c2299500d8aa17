using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class SqliteEphemeralKeyStoreTests : EphemeralKeyStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly SqliteTestDatabase _previousRelease = new();

    protected override IEphemeralKeyStore Store => new SqliteEphemeralKeyStore(_database.First);

    protected override IEphemeralKeyStore OtherSiloStore => new SqliteEphemeralKeyStore(_database.Second);

    public void Dispose()
    {
        _database.Dispose();
        _previousRelease.Dispose();
    }

    // The key table of the previous release, made by hand (node_id the grain key, public keys whole, key ids with the
    // top bit flipped), in a file this release has not opened yet; then opened by this release.
    protected override async Task<IEphemeralKeyStore> UpgradedFromPreviousReleaseAsync(string node, IReadOnlyList<EphemeralKeyRecord> keys)
    {
        await using (var connection = new SqliteConnection($"Data Source={_previousRelease.First.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE ephemeral_key (
                    node_id    TEXT    NOT NULL,
                    key_id     INTEGER NOT NULL,
                    public_key BLOB    NOT NULL,
                    signature  BLOB    NOT NULL,
                    PRIMARY KEY (node_id, key_id)) WITHOUT ROWID;
                """;
            await create.ExecuteNonQueryAsync();
            foreach (var key in keys)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO ephemeral_key VALUES ($node, $keyId, $publicKey, $signature);";
                insert.Parameters.AddWithValue("$node", node);
                insert.Parameters.AddWithValue("$keyId", unchecked((long)(key.KeyId ^ 0x8000_0000_0000_0000UL)));
                insert.Parameters.AddWithValue("$publicKey", key.PublicKey);
                insert.Parameters.AddWithValue("$signature", key.Signature);
                await insert.ExecuteNonQueryAsync();
            }
        }

        return new SqliteEphemeralKeyStore(_previousRelease.First);
    }

    [Fact]
    public async Task A_file_of_the_previous_release_has_its_key_rows_converted_to_the_compact_form_on_open()
    {
        var node = GrainKeys.ForNode(Fixtures.TestData.NodeId());
        var store = await UpgradedFromPreviousReleaseAsync(node, [new EphemeralKeyRecord(1, Fixtures.TestData.PublicKey(), Fixtures.TestData.Signature())]);
        await store.ListAsync(node);

        await using var connection = await _previousRelease.Second.OpenAsync(CancellationToken.None);
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT typeof(node_id), length(node_id), length(public_key) FROM ephemeral_key;";
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("blob", 32L, 68L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
    }
}
