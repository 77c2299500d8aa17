using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Load;

/// <summary>
/// What a send or a claim cannot avoid, each measured alone in this run: one P-521 packet verification, one Orleans
/// call between two processes, and one durable append and delete (own transaction, <c>synchronous=FULL</c>) on the
/// silo's own database file. Each is CPU milliseconds per operation over all processes involved.
/// </summary>
internal static class Primitives
{
    public static double VerifyCpuMilliseconds(byte[] packet, EcPublicKey senderKey, TimeSpan duration)
    {
        // Long enough for the runtime to have compiled the verify's managed part at its final tier: with a 20-call
        // warm-up, the first measurement of a run came out 4-11 % above the second.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromMilliseconds(500))
        {
            PacketSignature.Verify(packet, senderKey);
        }

        var clock = Stopwatch.StartNew();
        var before = ProcessCpu.Read(Environment.ProcessId);
        var count = 0;
        while (clock.Elapsed < duration)
        {
            PacketSignature.Verify(packet, senderKey);
            count++;
        }

        return (ProcessCpu.Read(Environment.ProcessId) - before).TotalMilliseconds / count;
    }

    /// <summary>Grain calls (an in-memory read of a node's chain) from <paramref name="workers"/> callers; CPU of this process and the silos.</summary>
    public static async Task<double> GrainCallCpuMilliseconds(IClusterClient client, byte[] nodeIdentifier, int workers, TimeSpan duration, int[] siloPids)
    {
        var grain = client.GetNodeGrain(nodeIdentifier);
        for (var i = 0; i < 100; i++)
        {
            await grain.GetChainAsync();
        }

        var before = CpuSample.Take([], siloPids);
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var count = 0L;
            while (clock.Elapsed < duration)
            {
                await grain.GetChainAsync();
                count++;
            }

            return count;
        })));
        return (CpuSample.Take([], siloPids) - before).Total.TotalMilliseconds / counts.Sum();
    }

    /// <summary>
    /// Appends and deletes rows one transaction each, as the store did before group commit, on a scratch table of the
    /// same shape in the silo's database file (same disk, same settings). Returns CPU ms and wall ms per operation.
    /// </summary>
    public static (double AppendCpu, double AppendWall, double DeleteCpu, double DeleteWall) DurableRowCosts(string databasePath, int bodyBytes, TimeSpan duration)
    {
        using var connection = OpenScratchTable(databasePath, "bench_probe");
        var body = new byte[bodyBytes];
        try
        {
            var append = Measure(duration, int.MaxValue, i =>
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO bench_probe (node_id, sequence, message_id, size, enqueued_at, packet)
                    VALUES ('probe', $sequence, $messageId, $size, 0, $packet) ON CONFLICT (node_id, message_id) DO NOTHING;
                    """;
                insert.Parameters.AddWithValue("$sequence", i);
                insert.Parameters.AddWithValue("$messageId", "m" + i);
                insert.Parameters.AddWithValue("$size", body.Length);
                insert.Parameters.AddWithValue("$packet", body);
                insert.ExecuteNonQuery();
            });
            // As many deletes as there are rows, for at most as long: each delete removes one appended row.
            var delete = Measure(duration, append.Count, i =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM bench_probe WHERE node_id = 'probe' AND sequence = $sequence;";
                command.Parameters.AddWithValue("$sequence", i);
                command.ExecuteNonQuery();
            });
            return (append.Cpu, append.Wall, delete.Cpu, delete.Wall);
        }
        finally
        {
            Execute(connection, "DROP TABLE IF EXISTS bench_probe;");
        }
    }

    /// <summary>
    /// Appends rows of <paramref name="rowBytes"/> in transactions of <paramref name="rowsPerCommit"/> rows each (as the
    /// group-commit writer stores a wide packet's rows), on a scratch table of the mailbox's shape in the silo's database
    /// file. Returns CPU ms per row, its transaction's commit shared among the rows.
    /// </summary>
    public static double BatchedAppendCpu(string databasePath, int rowBytes, int rowsPerCommit, TimeSpan duration)
    {
        using var connection = OpenScratchTable(databasePath, "bench_batch");
        var row = new byte[rowBytes];
        try
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO bench_batch (node_id, sequence, message_id, size, enqueued_at, packet)
                VALUES ($node, 1, 'm', $size, 0, $packet) ON CONFLICT (node_id, message_id) DO NOTHING;
                """;
            var node = insert.Parameters.Add("$node", SqliteType.Text);
            insert.Parameters.AddWithValue("$size", row.Length);
            insert.Parameters.AddWithValue("$packet", row);
            var commits = Measure(duration, int.MaxValue, i =>
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                for (var r = 0; r < rowsPerCommit; r++)
                {
                    node.Value = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"n{i}-{r}");
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            });
            return commits.Cpu / rowsPerCommit;
        }
        finally
        {
            Execute(connection, "DROP TABLE IF EXISTS bench_batch;");
        }
    }

    // For a time rather than a count: the process's CPU clock ticks in 10 ms steps, so 500 operations of 0.06 ms (the
    // count this used to run) came out as 0.06, 0.08 or 0.10 ms from one run to the next, and the limit with it.
    private static (double Cpu, double Wall, int Count) Measure(TimeSpan duration, int maxCount, Action<int> operation)
    {
        var clock = Stopwatch.StartNew();
        var before = ProcessCpu.Read(Environment.ProcessId);
        var count = 0;
        while (count < maxCount && clock.Elapsed < duration)
        {
            operation(count++);
        }

        return ((ProcessCpu.Read(Environment.ProcessId) - before).TotalMilliseconds / count, clock.Elapsed.TotalMilliseconds / count, count);
    }

    // A scratch table of the mailbox's shape in the silo's database file (same disk, same settings), dropped by the caller.
    private static SqliteConnection OpenScratchTable(string databasePath, string name)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"""
            PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS {name} (
                node_id TEXT NOT NULL, sequence INTEGER NOT NULL, message_id TEXT NOT NULL, size INTEGER NOT NULL,
                enqueued_at INTEGER NOT NULL, packet BLOB NOT NULL, PRIMARY KEY (node_id, sequence));
            CREATE UNIQUE INDEX IF NOT EXISTS {name}_message ON {name} (node_id, message_id);
            CREATE INDEX IF NOT EXISTS {name}_enqueued ON {name} (node_id, enqueued_at);
            """);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
