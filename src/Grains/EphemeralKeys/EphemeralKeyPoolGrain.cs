using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Grains.Storage;

namespace Wickr.Cluster.Grains.EphemeralKeys;

/// <inheritdoc cref="IEphemeralKeyPoolGrain"/>
/// <remarks>
/// The keys are rows in <see cref="IEphemeralKeyStore"/>, mirrored in memory in id order. A claim deletes the row
/// with a conditional delete before answering, so a key is handed out at most once, also if two activations of
/// the pool exist for a moment or the silo dies right after the delete.
/// </remarks>
[GrainType("wickr-ephemeral-key-pool")]
internal sealed class EphemeralKeyPoolGrain(
    [PersistentState("pool", WickrGrains.StorageName)] IPersistentState<EphemeralKeyPoolState> state,
    IEphemeralKeyStore store,
    IOptions<EphemeralKeyPoolOptions> options,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IEphemeralKeyPoolGrain
{
    private readonly EphemeralKeyPoolOptions _options = options.Value;
    private readonly Queue<StoredEphemeralKey> _keys = new();
    private readonly ClaimRateLimiter _rateLimiter = new(options.Value, time);
    private string _key = null!;
    private ulong? _highestKeyId;
    private bool _lowSignalled;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        if (!GrainKeys.IsNodeKey(_key) || !state.State.IsOpen)
        {
            return;
        }

        await LoadKeysAsync(cancellationToken);
    }

    public async Task OpenAsync()
    {
        EnsureValidKey();
        if (state.State.IsOpen)
        {
            return;
        }

        state.State.IsOpen = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.IsOpen = false;
            throw;
        }

        _keys.Clear();
        await LoadKeysAsync(CancellationToken.None);
    }

    public async Task PurgeAsync()
    {
        EnsureValidKey();
        await store.DeleteAllAsync(_key);
        _keys.Clear();
        if (!state.State.IsOpen && state.State.LastResortKey is null)
        {
            return;
        }

        // The highest id is kept: ids of a node never go back, even across removal.
        state.State.IsOpen = false;
        state.State.LastResortKey = null;
        await state.WriteStateAsync();
    }

    public async Task<EphemeralKeyPoolStatus> UploadAsync(SignedEphemeralKey[] keys)
    {
        RequireOpen();
        if (keys is null || keys.Length == 0)
        {
            throw Require.Invalid("An upload carries at least one key.");
        }

        if (keys.Length > _options.MaxUploadBatch)
        {
            throw Require.Error(ClusterErrorCode.TooLarge, $"An upload carries at most {_options.MaxUploadBatch} keys.");
        }

        var previous = _highestKeyId;
        foreach (var key in keys)
        {
            Require.EphemeralKey(key);
            if (previous is { } p && key.KeyId <= p)
            {
                throw Require.Error(ClusterErrorCode.KeyIdNotIncreasing,
                    $"Key id {key.KeyId} is at or below {p}, already seen; ids must increase.");
            }

            previous = key.KeyId;
        }

        if (_keys.Count + keys.Length > _options.MaxKeys)
        {
            throw Require.Error(ClusterErrorCode.PoolFull,
                $"The pool holds {_keys.Count} of at most {_options.MaxKeys} keys; {keys.Length} more do not fit.");
        }

        var rows = keys.Select(k => new StoredEphemeralKey(k.KeyId, k.PublicKey, k.Signature)).ToArray();
        await store.AddAsync(_key, rows);

        // In memory at once, so a retry of the same batch is refused even if the header write below fails;
        // on activation the highest id is recovered from the rows as well.
        foreach (var row in rows)
        {
            _keys.Enqueue(row);
        }

        _highestKeyId = previous;
        _lowSignalled = false;
        state.State.HighestKeyId = _highestKeyId;
        await state.WriteStateAsync();
        return Status();
    }

    public async Task SetLastResortKeyAsync(SignedEphemeralKey key)
    {
        RequireOpen();
        Require.EphemeralKey(key);
        if (state.State.LastResortKey is { } current
            && current.KeyId == key.KeyId
            && current.PublicKey.AsSpan().SequenceEqual(key.PublicKey)
            && current.Signature.AsSpan().SequenceEqual(key.Signature))
        {
            return;
        }

        if (_highestKeyId is { } highest && key.KeyId <= highest)
        {
            throw Require.Error(ClusterErrorCode.KeyIdNotIncreasing,
                $"Key id {key.KeyId} is at or below {highest}, already seen; ids must increase.");
        }

        var previous = (state.State.LastResortKey, state.State.HighestKeyId);
        state.State.LastResortKey = key;
        state.State.HighestKeyId = key.KeyId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.LastResortKey, state.State.HighestKeyId) = previous;
            throw;
        }

        _highestKeyId = key.KeyId;
    }

    public async Task<ClaimedEphemeralKey> ClaimAsync(byte[] claimerNodeId)
    {
        RequireOpen();
        Require.Bytes(claimerNodeId, ProtocolSizes.NodeIdentifier, "A claimer node identifier");
        if (!_rateLimiter.TryAcquire(Convert.ToHexStringLower(claimerNodeId)))
        {
            ClusterMetrics.ClaimsRateLimited.Add(1);
            throw Require.Error(ClusterErrorCode.RateLimited, "Too many claims on this pool; retry later.");
        }

        ClusterLevels.PoolSizeAtClaim.Record(_keys.Count);
        while (_keys.TryPeek(out var next))
        {
            // Durable before the answer: only the caller whose delete removed the row gets the key.
            var won = await store.TryRemoveAsync(_key, next.KeyId);
            _keys.Dequeue();
            if (won)
            {
                ClusterMetrics.EphemeralKeysClaimed.Add(1);
                await SignalIfLowAsync();
                return new ClaimedEphemeralKey(new SignedEphemeralKey(next.KeyId, next.PublicKey, next.Signature), IsLastResort: false);
            }
        }

        if (state.State.LastResortKey is { } lastResort)
        {
            ClusterMetrics.LastResortHandOuts.Add(1);
            await SignalIfLowAsync();
            return new ClaimedEphemeralKey(lastResort, IsLastResort: true);
        }

        await SignalIfLowAsync();
        throw Require.Error(ClusterErrorCode.NotFound, "The pool is empty and has no last-resort key.");
    }

    public Task<EphemeralKeyPoolStatus> GetStatusAsync()
    {
        RequireOpen();
        return Task.FromResult(Status());
    }

    private EphemeralKeyPoolStatus Status() => new(
        _keys.Count,
        state.State.LastResortKey is not null,
        _highestKeyId,
        IsLow: _keys.Count < _options.LowWaterMark,
        _options.MaxKeys);

    private async Task SignalIfLowAsync()
    {
        if (_lowSignalled || _keys.Count >= _options.LowWaterMark)
        {
            return;
        }

        _lowSignalled = true;
        ClusterMetrics.LowPoolSignals.Add(1);

        // One-way: the node grain may itself be waiting on this pool (a status call), so never wait for it.
        await GrainFactory.GetGrain<INodeGrain>(_key).SignalEphemeralKeysLowAsync(_keys.Count);
    }

    private async Task LoadKeysAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(_key, cancellationToken);
        foreach (var row in rows)
        {
            _keys.Enqueue(row);
        }

        _highestKeyId = state.State.HighestKeyId;
        if (rows.Count > 0 && (_highestKeyId is null || rows[^1].KeyId > _highestKeyId))
        {
            _highestKeyId = rows[^1].KeyId;
        }
    }

    private void EnsureValidKey()
    {
        if (!GrainKeys.IsNodeKey(_key))
        {
            throw Require.Invalid("A pool grain key is a node identifier in lowercase hex.");
        }
    }

    private void RequireOpen()
    {
        EnsureValidKey();
        if (!state.State.IsOpen)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "The node has no ephemeral key pool (not registered).");
        }
    }
}
