namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>A write waiting in <see cref="PostgresGroupCommitWriter"/>: its statements run inside a batch, answered after its commit.</summary>
internal abstract class PostgresPendingWrite(IReadOnlyList<PostgresStatement> statements, CancellationToken cancellationToken)
{
    public IReadOnlyList<PostgresStatement> Statements { get; } = statements;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The batch holding the write is committed: turn the rows of its statements (one list per statement) into its result.</summary>
    public abstract void Complete(IReadOnlyList<IReadOnlyList<object[]>> rows);

    /// <summary>The write, or its whole batch, failed: nothing of it is stored (or, after a lost connection, perhaps it is).</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Cancelled before it ran: nothing of it is stored.</summary>
    public abstract void Cancel();
}

/// <summary>A pending write with its result.</summary>
internal sealed class PostgresPendingWrite<T>(
    IReadOnlyList<PostgresStatement> statements, Func<IReadOnlyList<IReadOnlyList<object[]>>, T> result, CancellationToken cancellationToken)
    : PostgresPendingWrite(statements, cancellationToken)
{
    // Callers continue on the thread pool, never on the writer's loop (which would stall every later batch).
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override void Complete(IReadOnlyList<IReadOnlyList<object[]>> rows)
    {
        try
        {
            _completion.TrySetResult(result(rows));
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
