using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>Every row of every table of the embedded store, as text, to show that refused requests changed nothing.</summary>
internal static class SqliteSnapshot
{
    public static string DatabasePath(TestCluster cluster) => Path.Combine(cluster.DataDirectory, "wickr.db");

    public static async Task<SortedDictionary<string, List<string>>> TakeAsync(TestCluster cluster)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = DatabasePath(cluster), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var snapshot = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values[i] = reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                }
                rows.Add(string.Join("|", values));
            }
            rows.Sort(StringComparer.Ordinal);
            snapshot[table] = rows;
        }
        return snapshot;
    }

    public static void AssertEqual(SortedDictionary<string, List<string>> before, SortedDictionary<string, List<string>> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (table, rows) in before)
        {
            Assert.True(rows.SequenceEqual(after[table]), $"table {table} changed: {rows.Count} rows before, {after[table].Count} after");
        }
    }
}
