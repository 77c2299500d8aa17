using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>A write waiting in <see cref="SqliteGroupCommitWriter"/>: run inside a batch, answered after its commit.</summary>
internal abstract class SqlitePendingWrite(CancellationToken cancellationToken, bool inSavepoint)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Whether the write needs a savepoint to be undone alone (false: it is one statement at most).</summary>
    public bool InSavepoint { get; } = inSavepoint;

    /// <summary>Runs the write in the batch's transaction and keeps its result until the commit.</summary>
    public abstract void Run(SqliteTransaction transaction);

    /// <summary>The batch is committed: hand over the result (unless the write already failed).</summary>
    public abstract void Complete();

    /// <summary>The write, or its whole batch, failed: nothing of it is stored.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Cancelled before it ran: nothing of it is stored.</summary>
    public abstract void Cancel();
}

/// <summary>A pending write with its result.</summary>
internal sealed class SqlitePendingWrite<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken, bool inSavepoint)
    : SqlitePendingWrite(cancellationToken, inSavepoint)
{
    // Callers continue on the thread pool, never on the writer thread (which would stall every later batch).
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Run(SqliteTransaction transaction) => _result = write(transaction);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
