using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Limits;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Protocol;

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
    private readonly Queue<EphemeralKeyRecord> _keys = new();
    private string _key = null!;
    private ulong? _highestKeyId;
    private bool _lowSignalled;

    // The most keys the pool held since this activation (its published size, as its node refills it): the claim
    // budgets scale with it, so they neither shrink to nothing as the pool drains nor grow with a stranger's claims.
    private int _size;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        if (!GrainKeys.IsNodeGrainKey(_key) || !state.State.IsOpen)
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

    public async Task<EphemeralKeyPoolStatus> UploadAsync(EphemeralKeyRecord[] keys)
    {
        RequireOpen();
        if (keys is null || keys.Length == 0)
        {
            throw Require.Invalid("An upload carries at least one key.");
        }

        if (keys.Length > ProtocolLimits.MaxUploadKeys)
        {
            throw Require.Error(ClusterErrorCode.TooLarge, $"An upload carries at most {ProtocolLimits.MaxUploadKeys} keys.");
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

        await store.AddAsync(_key, keys);

        // In memory at once, so a retry of the same batch is refused even if the header write below fails;
        // on activation the highest id is recovered from the rows as well.
        foreach (var key in keys)
        {
            _keys.Enqueue(key);
        }

        _size = Math.Max(_size, _keys.Count);

        _highestKeyId = previous;
        _lowSignalled = false;
        state.State.HighestKeyId = _highestKeyId;
        await state.WriteStateAsync();
        return Status();
    }

    public async Task SetLastResortKeyAsync(EphemeralKeyRecord key)
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

    public async Task<ClaimedEphemeralKey> ClaimAsync(byte[] claimerRootIdentifier)
    {
        RequireOpen();
        Require.RootIdentifier(claimerRootIdentifier);
        var budgetWrite = TakeClaimBudget(Convert.ToHexStringLower(claimerRootIdentifier));

        ClusterLevels.PoolSizeAtClaim.Record(_keys.Count);
        EphemeralKeyRecord? claimed;
        try
        {
            claimed = await RemoveNextKeyAsync();
        }
        catch
        {
            await Observe(budgetWrite);
            throw;
        }

        // A one-time key whose row is gone is handed out even if the budget's write failed: the claim is charged in
        // memory (the next write saves it), and withholding the key would only lose it. Anything else waits for the
        // budget to be durable, so a storage failure hands out nothing.
        var budgetFailure = await Observe(budgetWrite);
        if (claimed is { } next)
        {
            ClusterMetrics.EphemeralKeysClaimed.Add(1);
            await SignalIfLowAsync();
            return new ClaimedEphemeralKey(next, IsLastResort: false);
        }

        budgetFailure?.Throw();
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

    /// <summary>
    /// Takes one claim from the claiming user's budget and from the pool's ceiling and starts writing it; refuses
    /// (RateLimited, with when to retry) when either is spent, before anything is written. Refusing is the point:
    /// handing out the last-resort key instead would give the attacker what it wants while one-time keys remain.
    /// </summary>
    private Task TakeClaimBudget(string claimer)
    {
        var now = time.GetUtcNow();
        var budgets = state.State.ClaimerBudgets;
        var claimerTat = budgets.GetValueOrDefault(claimer);
        // Both budgets scale with the pool's size, taken as at least its low-water mark (a pool its node has not yet
        // filled, or one re-activated nearly empty, is budgeted as a small pool, not as none).
        var size = Math.Max(_size, _options.LowWaterMark);
        var (claimerBurst, claimerPerUnit) = _options.ClaimerBudget(size);
        var (poolBurst, poolPerUnit) = _options.PoolBudget(size);
        var claimerOk = new Gcra(claimerBurst, claimerPerUnit)
            .TryTake(claimerTat, 1, now, out var claimerNext, out var claimerWait);
        var poolOk = new Gcra(poolBurst, poolPerUnit)
            .TryTake(state.State.PoolBudget, 1, now, out var poolNext, out var poolWait);
        if (claimerOk && poolOk && !budgets.ContainsKey(claimer) && budgets.Count >= _options.MaxTrackedClaimers)
        {
            ForgetFullBudgets(now);
            if (budgets.Count >= _options.MaxTrackedClaimers)
            {
                poolOk = false;
                poolWait = budgets.Values.Min() - now;
            }
        }

        if (!claimerOk || !poolOk)
        {
            ClusterMetrics.ClaimsRateLimited.Add(1);
            var wait = claimerWait > poolWait ? claimerWait : poolWait;
            throw ClusterException.RateLimited(wait, "Too many claims on this pool; retry later.");
        }

        budgets[claimer] = claimerNext;
        state.State.PoolBudget = poolNext;
        ForgetFullBudgets(now);

        // Written alongside the key's delete rather than before it: both reach storage together (one commit where the
        // store batches writes), and the claim is answered only when both are done.
        return state.WriteStateAsync();
    }

    /// <summary>Deletes the oldest one-time key whose row still exists; only the caller whose delete removed it gets it.</summary>
    private async Task<EphemeralKeyRecord?> RemoveNextKeyAsync()
    {
        while (_keys.TryPeek(out var next))
        {
            var won = await store.TryRemoveAsync(_key, next.KeyId);
            _keys.Dequeue();
            if (won)
            {
                return next;
            }
        }

        return null;
    }

    private static async Task<ExceptionDispatchInfo?> Observe(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception ex)
        {
            return ExceptionDispatchInfo.Capture(ex);
        }
    }

    // A budget whose TAT has passed is full: dropping it changes no decision, and keeps the persisted state small.
    private void ForgetFullBudgets(DateTimeOffset now)
    {
        foreach (var (claimer, tat) in state.State.ClaimerBudgets)
        {
            if (tat <= now)
            {
                state.State.ClaimerBudgets.Remove(claimer);
            }
        }
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

        _size = Math.Max(_size, _keys.Count);

        _highestKeyId = state.State.HighestKeyId;
        if (rows.Count > 0 && (_highestKeyId is null || rows[^1].KeyId > _highestKeyId))
        {
            _highestKeyId = rows[^1].KeyId;
        }
    }

    private void EnsureValidKey()
    {
        if (!GrainKeys.IsNodeGrainKey(_key))
        {
            DeactivateOnIdle();
            throw Require.Invalid("A pool grain key is a node identifier in lowercase hex.");
        }
    }

    private void RequireOpen()
    {
        EnsureValidKey();
        if (!state.State.IsOpen)
        {
            // Found nothing: leave no activation behind for an id someone made up (it holds no state to keep).
            DeactivateOnIdle();
            throw Require.Error(ClusterErrorCode.NotFound, "The node has no ephemeral key pool (not registered).");
        }
    }
}
