using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Keeps this device's ephemeral key pool published: tops it up to the target size (on connect, when called, and
/// when the live stream says the pool is low), sets the last-resort key, and holds the private halves.
/// </summary>
internal sealed class EphemeralPoolKeeper(
    GatewayCalls gateway,
    EnrolledDevice device,
    WickrClientOptions options,
    IClientState state,
    BackgroundErrors errors,
    EphemeralKeyPool? pool,
    Action<PoolLowEventArgs> poolLow,
    Action<KeysReplenishedEventArgs> replenished) : IDisposable
{
    private readonly SemaphoreSlim _replenishGate = new(1, 1);
    private long _keysPublished;
    private int _replenishRequests;
    private Task? _worker;

    /// <summary>The private halves of this device's ephemeral keys (null until the server's pool status is known).</summary>
    public EphemeralKeyPool? Pool { get; private set; } = pool;

    public long KeysPublished => Interlocked.Read(ref _keysPublished);

    /// <summary>The replenish started by the last "pool low" signal, if any (to wait for on disconnect).</summary>
    public Task Worker => _worker ?? Task.CompletedTask;

    public async Task<PoolState> GetStatusAsync(CancellationToken cancellationToken)
    {
        var reply = await gateway.CallAsync(o => gateway.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), o), cancellationToken);
        var status = reply.Status;
        return new PoolState(status.Count, status.Capacity, status.Low, status.HasLastResortKey, status.HighestKeyId);
    }

    public async Task<int> ReplenishAsync(CancellationToken cancellationToken)
    {
        await _replenishGate.WaitAsync(cancellationToken);
        try
        {
            var status = await GetStatusAsync(cancellationToken);
            var pool = EnsurePool(status);
            var wanted = Math.Min(options.PoolTargetSize, status.Capacity) - status.Count;
            var published = 0;
            while (wanted > 0)
            {
                var batch = Math.Min(Math.Min(wanted, options.UploadBatchSize), EphemeralKeyPool.MaxBatch);
                await UploadAsync(pool, pool.Generate(batch), cancellationToken);
                wanted -= batch;
                published += batch;
                Interlocked.Add(ref _keysPublished, batch);
            }
            if (published > 0)
            {
                replenished(new KeysReplenishedEventArgs(published, options.TimeProvider.GetUtcNow()));
            }
            if (!status.HasLastResortKey)
            {
                var lastResort = pool.GenerateLastResort();
                state.EphemeralKeysIssued(pool, [lastResort.KeyId], lastResort: true);
                await gateway.CallAsync(o => gateway.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = ToWire(lastResort) }, o), cancellationToken);
            }
            return published;
        }
        finally
        {
            _replenishGate.Release();
        }
    }

    /// <summary>
    /// The live stream said the pool is low: tells observers, then replenishes in the background, one worker at a
    /// time, which runs again if more signals came meanwhile. <paramref name="connection"/> ends the worker.
    /// </summary>
    public void Signalled(int remaining, CancellationToken connection)
    {
        poolLow(new PoolLowEventArgs(remaining, options.TimeProvider.GetUtcNow()));
        if (connection.IsCancellationRequested || Interlocked.Increment(ref _replenishRequests) != 1)
        {
            return;
        }
        _worker = Task.Run(() => ReplenishWhileSignalledAsync(connection), CancellationToken.None);
    }

    public void Dispose() => Pool?.Dispose();

    private async Task UploadAsync(EphemeralKeyPool pool, IReadOnlyList<SignedEphemeralKey> keys, CancellationToken cancellationToken)
    {
        state.EphemeralKeysIssued(pool, [.. keys.Select(k => k.KeyId)], lastResort: false);
        var request = new UploadKeysRequest();
        request.Keys.AddRange(keys.Select(ToWire));
        try
        {
            await gateway.CallAsync(o => gateway.Keys.UploadKeysAsync(request, o), cancellationToken);
        }
        catch
        {
            // Not published, so never claimable: drop the private halves.
            foreach (var key in keys)
            {
                pool.MarkUsed(key.KeyId);
            }
            state.EphemeralKeysDropped([.. keys.Select(k => k.KeyId)]);
            throw;
        }
    }

    private async Task ReplenishWhileSignalledAsync(CancellationToken connection)
    {
        var seen = Volatile.Read(ref _replenishRequests);
        var delay = options.ReplenishDelay;
        while (true)
        {
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, options.TimeProvider, connection);
                    delay = TimeSpan.Zero;
                }
                await ReplenishAsync(connection);
            }
            catch (OperationCanceledException) when (connection.IsCancellationRequested)
            {
                Volatile.Write(ref _replenishRequests, 0);
                return;
            }
            catch (Exception ex) when (ex is WickrClientException or WickrException or ObjectDisposedException)
            {
                errors.Record(ex);
            }
            var left = Interlocked.Add(ref _replenishRequests, -seen);
            if (left == 0)
            {
                return;
            }
            seen = left;
        }
    }

    private EphemeralKeyPool EnsurePool(PoolState status)
    {
        if (Pool is { } existing)
        {
            if (existing.NextKeyId <= status.HighestKeyId)
            {
                throw new WickrException(
                    WickrError.InvalidState, "the server has seen ephemeral key ids this device has not issued; the device state is not the current one");
            }
            return existing;
        }
        Pool = new EphemeralKeyPool(options.Suite, device.NodeKey, status.HighestKeyId + 1);
        return Pool;
    }

    private static EphemeralKey ToWire(SignedEphemeralKey key) => new()
    {
        KeyId = key.KeyId,
        PublicKey = ByteString.CopyFrom(key.PublicKey.Encoded),
        Signature = ByteString.CopyFrom(key.NodeSignature),
    };
}
