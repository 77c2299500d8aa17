using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.EphemeralKeys;

/// <summary>
/// One token bucket per claiming node for one pool, so no single claimer can drain it. In memory only: a
/// re-activation starts every claimer with a full bucket, which bounds a drain to one burst per activation.
/// </summary>
internal sealed class ClaimRateLimiter(EphemeralKeyPoolOptions options, TimeProvider time)
{
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string claimer)
    {
        var now = time.GetUtcNow();
        if (!_buckets.TryGetValue(claimer, out var bucket))
        {
            if (_buckets.Count >= options.MaxTrackedClaimers)
            {
                ForgetIdle(now);
            }

            bucket = new TokenBucket(options.ClaimBurst, options.ClaimRefillInterval, now);
            _buckets[claimer] = bucket;
        }

        return bucket.TryTake(now);
    }

    private void ForgetIdle(DateTimeOffset now)
    {
        // A full bucket carries no information: forgetting it changes no future decision.
        foreach (var (claimer, bucket) in _buckets)
        {
            if (bucket.IsFull(now))
            {
                _buckets.Remove(claimer);
            }
        }
    }
}
