using Microsoft.Data.Sqlite;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

/// <summary>
/// Checkpoints: a commit copies the write-ahead log into the database file only once the log holds
/// <see cref="SqliteStorageOptions.CheckpointPages"/> pages, and the log then starts over instead of growing.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    // About 1,500 pages of 4 KB: past the 1,000 at which SQLite's own default would have copied the log.
    private const int Rows = 1500;
    private const int RowBytes = 4000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", $"checkpoint-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_folder, "wickr.db");

    private long FileBytes => new FileInfo(DatabasePath).Length;

    private long LogBytes => new FileInfo(DatabasePath + "-wal").Length;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task By_default_the_log_holds_more_than_sqlites_1000_pages_before_a_commit_copies_it()
    {
        using var database = new SqliteDatabase(DatabasePath, new SqliteStorageOptions());
        await WriteRowsAsync(database, first: 1);

        Assert.True(LogBytes > Rows * RowBytes, $"the log holds every page written ({LogBytes} bytes)");
        Assert.True(FileBytes < Rows * RowBytes / 10, $"no commit copied the log into the file yet ({FileBytes} bytes)");
        Assert.Equal(Rows, await CountAsync(database));
    }

    [Fact]
    public async Task Past_its_checkpoint_pages_the_log_is_copied_into_the_file_and_starts_over()
    {
        using var database = new SqliteDatabase(DatabasePath, new SqliteStorageOptions { CheckpointPages = 200 });
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            await WriteRowsAsync(database, first: 1 + (round * Rows));
        }

        // Copied as it went: the file holds nearly everything, and the log was reused rather than extended.
        Assert.True(FileBytes > (rounds - 1L) * Rows * RowBytes, $"the file holds the rows ({FileBytes} bytes)");
        Assert.True(LogBytes < Rows * RowBytes, $"the log started over ({LogBytes} bytes after {rounds} rounds)");
        Assert.Equal(rounds * Rows, await CountAsync(database));
    }

    [Fact]
    public void Checkpoints_cannot_be_turned_off()
    {
        var options = new SqliteStorageOptions { CheckpointPages = 0 };
        var error = Assert.Throws<InvalidConfigurationException>(() => new SqliteDatabase(DatabasePath, options));
        Assert.Contains("Silo:Sqlite:CheckpointPages must be at least 1.", error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteRowsAsync(SqliteDatabase database, int first)
    {
        await database.Writer.WriteAsync(transaction =>
            transaction.Command("CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL);").ExecuteNonQuery());
        var body = new byte[RowBytes];
        await Task.WhenAll(Enumerable.Range(first, Rows).Select(id => database.Writer.WriteOneStatementAsync(transaction =>
        {
            var insert = transaction.Command("INSERT INTO scratch (id, body) VALUES ($id, $body);");
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$body", body);
            return insert.ExecuteNonQuery();
        })));
    }

    private static async Task<long> CountAsync(SqliteDatabase database)
    {
        await using var reader = await database.OpenAsync(CancellationToken.None);
        await using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM scratch;";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
