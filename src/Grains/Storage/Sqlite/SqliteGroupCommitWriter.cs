using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// The one writer of a database: every write (append, ack, claim, grain state) is queued here, and one thread runs
/// whatever has queued up as one transaction — one commit and one fsync per batch instead of one per write. A write
/// that arrives while a commit is in flight joins the next batch, so batches grow with the load and a lone write
/// still goes out at once (no timer). Each caller is answered only after its batch's commit returned, so the promise
/// is the same as a transaction of its own: when the task completes, the write is durable.
/// </summary>
/// <remarks>
/// Each write runs inside its own savepoint (or, if it is one statement, inside SQLite's own undo of a failed
/// statement): a write that throws is rolled back alone and its caller gets its exception, while the rest of the
/// batch commits. If the transaction itself fails (BEGIN, COMMIT, or an error that
/// makes SQLite roll back the whole transaction, such as a full disk), every write of the batch fails with that error
/// and none of it is stored: all-or-nothing, and no caller was told otherwise, so a retry is safe.
/// The write connection is opened once and kept (PRAGMAs run once); it is reopened only after a failed transaction.
/// </remarks>
internal sealed class SqliteGroupCommitWriter : IDisposable
{
    /// <summary>Writes per transaction at most, so one commit never holds the write lock for long.</summary>
    public const int DefaultMaxBatch = 256;

    private readonly Func<SqliteConnection> _open;
    private readonly int _maxBatch;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<SqlitePendingWrite> _queued = [];
    private List<SqlitePendingWrite> _running = [];
    private SqliteConnection? _connection;
    private bool _stopping;
    private long _batches;
    private long _writes;

    /// <summary>Starts the writer thread; the connection is opened by it when the first write arrives.</summary>
    /// <param name="open">Opens a connection with the database's PRAGMAs applied and the schema in place.</param>
    /// <param name="name">Names the writer thread (the database file).</param>
    /// <param name="maxBatch">Writes per transaction at most.</param>
    public SqliteGroupCommitWriter(Func<SqliteConnection> open, string name, int maxBatch = DefaultMaxBatch)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _open = open;
        _maxBatch = maxBatch;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-writer " + Path.GetFileName(name) };
        _thread.Start();
    }

    /// <summary>Transactions committed (or failed) so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Writes run so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Queues <paramref name="write"/> for the next batch. It runs on the writer thread inside the batch's transaction
    /// (commands must use the transaction it is given) and must not block on anything but SQLite.
    /// </summary>
    /// <returns>The write's result, once the batch holding it is committed.</returns>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken = default) =>
        Queue(new SqlitePendingWrite<T>(write ?? throw new ArgumentNullException(nameof(write)), cancellationToken, inSavepoint: true));

    /// <summary>
    /// Queues a write that changes the database with one statement at most, and throws only when that statement
    /// changed nothing. SQLite undoes a failed statement by itself and keeps the rest of the transaction, so such a
    /// write needs no savepoint of its own: two statements fewer per append, claim or grain-state write.
    /// </summary>
    /// <returns>The write's result, once the batch holding it is committed.</returns>
    public Task<T> WriteOneStatementAsync<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken = default) =>
        Queue(new SqlitePendingWrite<T>(write ?? throw new ArgumentNullException(nameof(write)), cancellationToken, inSavepoint: false));

    private Task<T> Queue<T>(SqlitePendingWrite<T> pending)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queued.Add(pending);
            if (_queued.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return pending.Task;
    }

    /// <summary>Commits what is queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_queued.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queued.Count == 0)
                {
                    break;
                }

                GroupCommitBatch.Take(ref _queued, ref _running, _maxBatch);
            }

            Commit(_running);
            _running.Clear();
        }

        _connection?.Dispose();
        _connection = null;
    }

    private void Commit(List<SqlitePendingWrite> batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, batch.Count);
        ClusterLevels.WritesPerCommit.Record(batch.Count);
        SqliteTransaction? transaction = null;
        try
        {
            _connection ??= _open();
            transaction = _connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                RunWrite(transaction, write);
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of this batch is stored: everyone not yet answered learns so.
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            DropConnection(transaction);
            return;
        }

        transaction.Dispose();
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private static void RunWrite(SqliteTransaction transaction, SqlitePendingWrite write)
    {
        if (write.CancellationToken.IsCancellationRequested)
        {
            write.Cancel();
            return;
        }

        // The savepoint statements through the prepared-command cache: SqliteTransaction.Save and Release parse anew.
        // A write of one statement needs none: SQLite undoes a failed statement and keeps the rest of the transaction.
        if (write.InSavepoint)
        {
            transaction.Command("SAVEPOINT w;").ExecuteNonQuery();
        }

        try
        {
            write.Run(transaction);
        }
        catch (Exception ex) when (!FailsTheBatch(ex))
        {
            if (write.InSavepoint)
            {
                transaction.Command("ROLLBACK TO w;").ExecuteNonQuery();
            }

            write.Fail(ex);
        }

        if (write.InSavepoint)
        {
            transaction.Command("RELEASE w;").ExecuteNonQuery();
        }
    }

    // SQLITE_IOERR (10), SQLITE_FULL (13) and SQLITE_NOMEM (7) may roll back the whole transaction, so they fail the
    // batch (in Commit); any other failure undoes the write alone.
    private static bool FailsTheBatch(Exception ex) => ex is SqliteException { SqliteErrorCode: 10 or 13 or 7 };

    private void DropConnection(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Dispose();
        }
        catch (SqliteException)
        {
            // The transaction is already gone with the failure; the connection is replaced below anyway.
        }

        _connection?.Dispose();
        _connection = null;
    }
}
