using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.EphemeralKeys;

/// <summary>A token bucket: <paramref name="capacity"/> tokens, one restored per <paramref name="refillInterval"/>.</summary>
internal sealed class TokenBucket(int capacity, TimeSpan refillInterval, DateTimeOffset now)
{
    private double _tokens = capacity;
    private DateTimeOffset _updated = now;

    public bool TryTake(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    public bool IsFull(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= capacity;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(capacity, _tokens + ((now - _updated) / refillInterval));
            _updated = now;
        }
    }
}
