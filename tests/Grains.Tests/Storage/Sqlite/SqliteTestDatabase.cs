using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

/// <summary>A fresh database file, opened twice as two silos in one process would.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wickr-grains-tests", $"store-{Guid.NewGuid():N}");

    public SqliteTestDatabase()
    {
        var path = Path.Combine(_folder, "wickr.db");
        First = new SqliteDatabase(path, new SqliteStorageOptions());
        Second = new SqliteDatabase(path, new SqliteStorageOptions());
    }

    internal SqliteDatabase First { get; }

    internal SqliteDatabase Second { get; }

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
