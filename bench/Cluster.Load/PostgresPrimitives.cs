using System.Diagnostics;
using Npgsql;

namespace Wickr.Cluster.Load;

/// <summary>
/// What a send or a claim cannot avoid on PostgreSQL, each measured alone: one round trip (<c>SELECT 1</c>) and one
/// committed insert and delete (own transaction, <c>synchronous_commit</c> on, as the silo's connections run) on a
/// scratch table of the mailbox's shape in the cluster's own database. CPU is this process's plus that of the server
/// backend serving the connection (read from /proc, so the server must run on this machine; a remote one counts 0).
/// </summary>
internal static class PostgresPrimitives
{
    public static async Task<(double RoundTripCpu, double RoundTripWall, double AppendCpu, double AppendWall, double DeleteCpu, double DeleteWall)> MeasureAsync(
        string connectionString, int bodyBytes, TimeSpan duration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Options = "-c synchronous_commit=on" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS bench_probe (
                node_id text NOT NULL, sequence bigint NOT NULL, message_id text NOT NULL, size integer NOT NULL,
                enqueued_at bigint NOT NULL, packet bytea NOT NULL, PRIMARY KEY (node_id, sequence));
            CREATE UNIQUE INDEX IF NOT EXISTS bench_probe_message ON bench_probe (node_id, message_id);
            CREATE INDEX IF NOT EXISTS bench_probe_enqueued ON bench_probe (node_id, enqueued_at);
            """);
        var backend = connection.ProcessID;
        var body = new byte[bodyBytes];
        try
        {
            await using var select = new NpgsqlCommand("SELECT 1;", connection);
            var roundTrip = await MeasureAsync(backend, duration, int.MaxValue, _ => select.ExecuteScalarAsync());

            await using var insert = new NpgsqlCommand("""
                INSERT INTO bench_probe (node_id, sequence, message_id, size, enqueued_at, packet)
                VALUES ('probe', $1, $2, $3, 0, $4) ON CONFLICT (node_id, message_id) DO NOTHING;
                """, connection);
            var append = await MeasureAsync(backend, duration, int.MaxValue, i =>
            {
                insert.Parameters.Clear();
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "m" + i });
                insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = body.Length });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body });
                return insert.ExecuteNonQueryAsync();
            });

            // As many deletes as there are rows, for at most as long: each delete removes one appended row.
            await using var delete = new NpgsqlCommand("DELETE FROM bench_probe WHERE node_id = 'probe' AND sequence = $1;", connection);
            var removal = await MeasureAsync(backend, duration, append.Count, i =>
            {
                delete.Parameters.Clear();
                delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i });
                return delete.ExecuteNonQueryAsync();
            });
            return (roundTrip.Cpu, roundTrip.Wall, append.Cpu, append.Wall, removal.Cpu, removal.Wall);
        }
        finally
        {
            await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_probe;");
        }
    }

    private static async Task<(double Cpu, double Wall, int Count)> MeasureAsync(int backend, TimeSpan duration, int maxCount, Func<int, Task> operation)
    {
        TimeSpan Cpu() => ProcessCpu.Read(Environment.ProcessId) + ProcessCpu.Read(backend);
        var clock = Stopwatch.StartNew();
        var before = Cpu();
        var count = 0;
        while (count < maxCount && clock.Elapsed < duration)
        {
            await operation(count++);
        }

        return ((Cpu() - before).TotalMilliseconds / count, clock.Elapsed.TotalMilliseconds / count, count);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
