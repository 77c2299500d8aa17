namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Gateway calls of one send or claim side by side, a bounded number at once (<see cref="WickrClientOptions.SendRequestsInFlight"/>).
/// </summary>
internal static class CallsInFlight
{
    /// <summary>
    /// Starts each call as <paramref name="calls"/> yields it (work done while yielding, such as encoding the next
    /// packet, overlaps the calls already running), at most <paramref name="limit"/> at once. Every call started is
    /// waited for, whatever happens; then the results come back in order, or the first failure in order is thrown, as
    /// if the calls had run one after another (the later ones may have run too).
    /// </summary>
    public static async Task<List<T>> RunAsync<T>(IEnumerable<Func<Task<T>>> calls, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var started = new List<Task<T>>();
        using var slots = new SemaphoreSlim(limit);
        try
        {
            foreach (var call in calls)
            {
                await slots.WaitAsync(cancellationToken);
                started.Add(RunAndReleaseAsync(call, slots));
            }
        }
        finally
        {
            // Also when yielding the next call failed: no call outlives this one (nor the semaphore it releases).
            await ((Task)Task.WhenAll(started)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var results = new List<T>(started.Count);
        foreach (var call in started)
        {
            results.Add(await call);
        }

        return results;
    }

    private static async Task<T> RunAndReleaseAsync<T>(Func<Task<T>> call, SemaphoreSlim slots)
    {
        try
        {
            return await call();
        }
        finally
        {
            slots.Release();
        }
    }
}
