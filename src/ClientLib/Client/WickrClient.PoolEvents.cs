namespace Wickr.Cluster.ClientLib.Client;

/// <summary>What the pool does, for observers (load tests, diagnostics): signals received and keys published.</summary>
public sealed partial class WickrClient
{
    /// <summary>
    /// Raised on the live stream's reader when the server says this device's pool is below its low-water mark,
    /// before the replenish it triggers starts. Handlers run inline and must return quickly.
    /// </summary>
    public event EventHandler<PoolLowEventArgs>? PoolLowSignalled;

    /// <summary>
    /// Raised after a replenish (on connect, on a signal, or called directly) has published its one-time keys; not
    /// raised when nothing was needed. Handlers run inline and must return quickly.
    /// </summary>
    public event EventHandler<KeysReplenishedEventArgs>? KeysReplenished;

    private void OnPoolLowSignalled(int remaining)
        => PoolLowSignalled?.Invoke(this, new PoolLowEventArgs(remaining, _options.TimeProvider.GetUtcNow()));

    private void OnKeysReplenished(int published)
    {
        if (published > 0)
        {
            KeysReplenished?.Invoke(this, new KeysReplenishedEventArgs(published, _options.TimeProvider.GetUtcNow()));
        }
    }
}
