using Google.Protobuf;
using Wickr.Cluster.ClientLib.Identity;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Publishing and replenishing this device's ephemeral key pool.</summary>
public sealed partial class WickrClient
{
    private readonly SemaphoreSlim _replenishGate = new(1, 1);
    private long _keysPublished;
    private int _replenishRequests;
    private Task? _replenishWorker;

    /// <summary>The server's view of this device's pool.</summary>
    public async Task<PoolState> GetPoolStatusAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(o => _keys.GetPoolStatusAsync(new GetPoolStatusRequest(), o), cancellationToken);
        return ToState(reply.Status);
    }

    /// <summary>
    /// Tops the published pool up to the target size (within the server's capacity) and sets a last-resort key if
    /// none is set. Returns how many one-time keys were published. One replenish runs at a time.
    /// </summary>
    public async Task<int> ReplenishAsync(CancellationToken cancellationToken = default)
    {
        await _replenishGate.WaitAsync(cancellationToken);
        try
        {
            var status = await GetPoolStatusAsync(cancellationToken);
            var pool = EnsurePool(status);
            var wanted = Math.Min(_options.PoolTargetSize, status.Capacity) - status.Count;
            var published = 0;
            while (wanted > 0)
            {
                var batch = Math.Min(Math.Min(wanted, _options.UploadBatchSize), EphemeralKeyPool.MaxBatch);
                var keys = pool.Generate(batch);
                State.EphemeralKeysIssued(pool, [.. keys.Select(k => k.KeyId)], lastResort: false);
                var request = new UploadKeysRequest();
                request.Keys.AddRange(keys.Select(ToWire));
                try
                {
                    await CallAsync(o => _keys.UploadKeysAsync(request, o), cancellationToken);
                }
                catch
                {
                    // Not published, so never claimable: drop the private halves.
                    foreach (var key in keys)
                    {
                        pool.MarkUsed(key.KeyId);
                    }
                    State.EphemeralKeysDropped([.. keys.Select(k => k.KeyId)]);
                    throw;
                }
                wanted -= batch;
                published += batch;
                Interlocked.Add(ref _keysPublished, batch);
            }
            OnKeysReplenished(published);
            if (!status.HasLastResortKey)
            {
                var lastResort = pool.GenerateLastResort();
                State.EphemeralKeysIssued(pool, [lastResort.KeyId], lastResort: true);
                await CallAsync(o => _keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = ToWire(lastResort) }, o), cancellationToken);
            }
            return published;
        }
        finally
        {
            _replenishGate.Release();
        }
    }

    // Called from the live stream on "pool low": one worker at a time, which runs again if more signals came meanwhile.
    private void RequestReplenish()
    {
        if (_connection is not { } connection || Interlocked.Increment(ref _replenishRequests) != 1)
        {
            return;
        }
        var token = connection.Token;
        _replenishWorker = Task.Run(
            async () =>
            {
                var seen = Volatile.Read(ref _replenishRequests);
                var delay = _options.ReplenishDelay;
                while (true)
                {
                    try
                    {
                        if (delay > TimeSpan.Zero)
                        {
                            await Task.Delay(delay, _options.TimeProvider, token);
                            delay = TimeSpan.Zero;
                        }
                        await ReplenishAsync(token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        Volatile.Write(ref _replenishRequests, 0);
                        return;
                    }
                    catch (Exception ex) when (ex is WickrClientException or WickrException or ObjectDisposedException)
                    {
                        LastBackgroundError = ex;
                    }
                    var left = Interlocked.Add(ref _replenishRequests, -seen);
                    if (left == 0)
                    {
                        return;
                    }
                    seen = left;
                }
            },
            CancellationToken.None);
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
        Pool = new EphemeralKeyPool(_options.Suite, Device.NodeKey, status.HighestKeyId + 1);
        return Pool;
    }

    private static EphemeralKey ToWire(SignedEphemeralKey key) => new()
    {
        KeyId = key.KeyId,
        PublicKey = ByteString.CopyFrom(key.PublicKey.Encoded),
        Signature = ByteString.CopyFrom(key.NodeSignature),
    };

    private static PoolState ToState(PoolStatus status)
        => new(status.Count, status.Capacity, status.Low, status.HasLastResortKey, status.HighestKeyId);
}
