namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// Creates a table or blob container the first time a store touches it and remembers success; a failed
/// attempt (storage down) is retried on the next call rather than cached.
/// </summary>
internal sealed class AzureStorageResource<T>(T client, Func<T, CancellationToken, Task> create)
    where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool created;

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        if (created)
        {
            return client;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!created)
            {
                await create(client, cancellationToken);
                created = true;
            }

            return client;
        }
        finally
        {
            gate.Release();
        }
    }
}
