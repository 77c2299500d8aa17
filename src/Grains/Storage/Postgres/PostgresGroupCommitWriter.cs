using Npgsql;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// The mailbox and key-pool writer of one silo, in the shape of the SQLite group commit: every write (append, ack,
/// claim, key upload) is queued here, and one loop sends whatever has queued up as one <see cref="NpgsqlBatch"/> —
/// one round trip, one implicit transaction, one commit (and one WAL flush: <c>synchronous_commit</c> is on) for the
/// whole batch. A write that arrives while a batch is in flight joins the next one, so batches grow with the load and
/// a lone write still goes out at once (no timer). Each caller is answered only after its batch committed.
/// </summary>
/// <remarks>
/// A batch is all-or-nothing in PostgreSQL. When it fails with a database error (a constraint, a deadlock with
/// another silo), its writes are sent again one by one, each in its own transaction, so only the write at fault fails
/// and the others commit. When the connection fails, every write of the batch fails: none was acknowledged, so a
/// retry is safe (appends are deduplicated by message id; a claim whose commit was lost loses one key, never hands one
/// out twice). The connection is taken from the pool once and kept; it is replaced after a failure.
/// </remarks>
internal sealed class PostgresGroupCommitWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Task _loop;
    private List<PostgresPendingWrite> _queued = [];
    private List<PostgresPendingWrite> _running = [];
    private NpgsqlConnection? _connection;
    private bool _stopping;
    private long _batches;
    private long _writes;

    /// <summary>Starts the writer loop; the connection is opened when the first write arrives.</summary>
    /// <param name="dataSource">The database (a pooled data source).</param>
    /// <param name="maxBatch">Writes per transaction at most.</param>
    public PostgresGroupCommitWriter(NpgsqlDataSource dataSource, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed (or failed) so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Writes run so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Queues a write of <paramref name="statements"/> for the next batch.</summary>
    /// <param name="statements">The write's statements, each returning one result set; they commit together.</param>
    /// <param name="result">Turns the rows of each statement into the write's result (runs after the commit).</param>
    /// <param name="cancellationToken">Cancels the write if it has not been sent yet.</param>
    /// <returns>The result, once the batch holding the write is committed.</returns>
    public Task<T> WriteAsync<T>(
        IReadOnlyList<PostgresStatement> statements, Func<IReadOnlyList<IReadOnlyList<object[]>>, T> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(result);
        var pending = new PostgresPendingWrite<T>(statements, result, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queued.Add(pending);
            if (_queued.Count == 1)
            {
                _signal.Release();
            }
        }

        return pending.Task;
    }

    /// <summary>Commits what is queued, then stops the loop and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _signal.Release();
        }

        await _loop;
        _signal.Dispose();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            await _signal.WaitAsync();
            while (true)
            {
                lock (_gate)
                {
                    if (_queued.Count == 0)
                    {
                        break;
                    }

                    GroupCommitBatch.Take(ref _queued, ref _running, _maxBatch);
                }

                await CommitAsync(_running);
                _running.Clear();
            }

            lock (_gate)
            {
                if (_stopping && _queued.Count == 0)
                {
                    break;
                }
            }
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private async Task CommitAsync(List<PostgresPendingWrite> batch)
    {
        var live = new List<PostgresPendingWrite>(batch.Count);
        foreach (var write in batch)
        {
            if (write.CancellationToken.IsCancellationRequested)
            {
                write.Cancel();
            }
            else
            {
                live.Add(write);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, live.Count);
        ClusterLevels.WritesPerCommit.Record(live.Count);
        try
        {
            var rows = await ExecuteAsync(live);
            for (var i = 0; i < live.Count; i++)
            {
                live[i].Complete(rows[i]);
            }
        }
        catch (PostgresException) when (live.Count > 1)
        {
            // The batch rolled back as a whole for one write's sake: each write again, alone.
            foreach (var write in live)
            {
                await CommitAloneAsync(write);
            }
        }
        catch (Exception e)
        {
            // A database error leaves the connection usable; anything else (a lost connection) may not.
            if (e is not PostgresException)
            {
                await DropConnectionAsync();
            }

            foreach (var write in live)
            {
                write.Fail(e);
            }
        }
    }

    private async Task CommitAloneAsync(PostgresPendingWrite write)
    {
        try
        {
            write.Complete((await ExecuteAsync([write]))[0]);
        }
        catch (Exception e)
        {
            if (e is not PostgresException)
            {
                await DropConnectionAsync();
            }

            write.Fail(e);
        }
    }

    // One batch, one round trip: PostgreSQL runs the statements in one implicit transaction and commits at its end.
    private async Task<List<IReadOnlyList<object[]>[]>> ExecuteAsync(List<PostgresPendingWrite> writes)
    {
        _connection ??= await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(_connection);
        foreach (var write in writes)
        {
            foreach (var statement in write.Statements)
            {
                batch.BatchCommands.Add(statement.ToCommand());
            }
        }

        var results = new List<IReadOnlyList<object[]>[]>(writes.Count);
        await using var reader = await batch.ExecuteReaderAsync();
        var first = true;
        foreach (var write in writes)
        {
            var rowsOfWrite = new IReadOnlyList<object[]>[write.Statements.Count];
            for (var s = 0; s < rowsOfWrite.Length; s++)
            {
                if (!first && !await reader.NextResultAsync())
                {
                    throw new InvalidOperationException("A queued statement returned no result set.");
                }

                first = false;
                var rows = new List<object[]>();
                while (await reader.ReadAsync())
                {
                    var row = new object[reader.FieldCount];
                    reader.GetValues(row);
                    rows.Add(row);
                }

                rowsOfWrite[s] = rows;
            }

            results.Add(rowsOfWrite);
        }

        // Drains the rest, so that an error after the last result (the commit) surfaces here, before anyone is answered.
        while (await reader.NextResultAsync())
        {
        }

        return results;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await _connection.DisposeAsync();
            }
            catch (NpgsqlException)
            {
                // Broken already; the next batch opens another.
            }

            _connection = null;
        }
    }
}
