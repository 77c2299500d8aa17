namespace Wickr.Cluster.Load;

/// <summary>The run's own PostgreSQL database, dropped when disposed (after the cluster that used it stopped).</summary>
internal sealed class ScratchDatabase(string? connectionString) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (connectionString is not null)
        {
            await Wickr.Cluster.Testing.Postgres.DropDatabaseAsync(connectionString);
        }
    }
}
