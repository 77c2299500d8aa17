using Wickr.Cluster.Grains.Storage.Sqlite;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

/// <summary>
/// A write that keeps the writer busy until released, so what a test queues meanwhile is known to share one batch.
/// </summary>
internal sealed class WriterHold : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private Task _holding = Task.CompletedTask;

    /// <summary>Starts the holding write and returns once the writer is running it.</summary>
    public static async Task<WriterHold> StartAsync(SqliteGroupCommitWriter writer)
    {
        var hold = new WriterHold();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hold._holding = writer.WriteAsync(_ =>
        {
            held.SetResult();
            hold._release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        });
        await held.Task;
        return hold;
    }

    /// <summary>Lets the writer go on, and waits until the holding write's batch is done.</summary>
    public async Task ReleaseAsync()
    {
        _release.Set();
        await _holding;
    }

    public void Dispose() => _release.Dispose();
}
