using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Slows online guessing of recovery access keys (<see cref="RecoveryOptions"/>). Each attempt is counted as a wrong
/// answer before it is evaluated — so parallel attempts cannot slip past a delay — and taken back when it was right (or
/// got no verdict). Counts live in this gateway's memory only: an id someone made up costs one bounded entry here and
/// no activation in the cluster.
/// </summary>
internal sealed class RecoveryThrottle(IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    private readonly RecoveryOptions _options = options.Value.Recovery;
    private readonly Dictionary<string, LinkedListNode<RecoveryCount>> _counts = new(StringComparer.Ordinal);
    private readonly LinkedList<RecoveryCount> _recent = new();
    private readonly Lock _gate = new();

    /// <summary>Counts currently kept (for tests of the bound).</summary>
    public int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>
    /// Whether an attempt by <paramref name="source"/> on <paramref name="user"/> may be evaluated now. When true the
    /// attempt already counts as a wrong answer; call <see cref="TakeBack"/> when it turns out right or gets no verdict.
    /// When false, the source is waiting out a delay and the attempt must be refused unevaluated.
    /// </summary>
    public bool TryBegin(string user, string source)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var userSource = Find(UserSourceKey(user, source), now);
            var bySource = Find(SourceKey(source), now);
            if ((userSource is not null && userSource.NextAllowed > now) || (bySource is not null && bySource.NextAllowed > now))
            {
                return false;
            }

            var byUser = FindOrAdd(UserKey(user), now);
            userSource ??= FindOrAdd(UserSourceKey(user, source), now);
            bySource ??= FindOrAdd(SourceKey(source), now);
            foreach (var count in new[] { byUser, userSource, bySource })
            {
                count.Failures++;
                count.LastFailure = now;
            }

            // Under attack (the user's budget spent by every source together), each source waits the longest delay after
            // each wrong answer about this user; its first attempt is still evaluated, so the owner's right key gets in.
            if (byUser.Failures > _options.UserBudget)
            {
                userSource.NextAllowed = now + _options.MaxDelay;
            }
            else if (userSource.Failures >= _options.FreeFailuresPerUserSource)
            {
                userSource.NextAllowed = now + Delay(userSource.Failures - _options.FreeFailuresPerUserSource);
            }

            if (bySource.Failures >= _options.FreeFailuresPerSource)
            {
                bySource.NextAllowed = now + Delay(bySource.Failures - _options.FreeFailuresPerSource);
            }

            return true;
        }
    }

    /// <summary>Takes back the wrong answer <see cref="TryBegin"/> counted; a right answer also clears the (user, source) count.</summary>
    public void TakeBack(string user, string source, bool succeeded)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (Find(UserKey(user), now) is { } byUser)
            {
                byUser.Failures = Math.Max(0, byUser.Failures - 1);
            }

            if (Find(SourceKey(source), now) is { } bySource)
            {
                bySource.Failures = Math.Max(0, bySource.Failures - 1);
                if (bySource.Failures < _options.FreeFailuresPerSource)
                {
                    bySource.NextAllowed = DateTimeOffset.MinValue;
                }
            }

            if (Find(UserSourceKey(user, source), now) is { } userSource)
            {
                userSource.Failures = succeeded ? 0 : Math.Max(0, userSource.Failures - 1);
                if (succeeded || userSource.Failures < _options.FreeFailuresPerUserSource)
                {
                    userSource.NextAllowed = DateTimeOffset.MinValue;
                }
            }
        }
    }

    // FirstDelay, doubled for each further wrong answer, at most MaxDelay.
    private TimeSpan Delay(int beyondFree)
    {
        var doubled = _options.FirstDelay * Math.Pow(2, Math.Min(beyondFree, 40));
        return doubled < _options.MaxDelay ? doubled : _options.MaxDelay;
    }

    private RecoveryCount? Find(string key, DateTimeOffset now)
    {
        if (!_counts.TryGetValue(key, out var node))
        {
            return null;
        }

        if (now - node.Value.LastFailure >= _options.ForgetAfter && node.Value.NextAllowed <= now)
        {
            _counts.Remove(key);
            _recent.Remove(node);
            return null;
        }

        _recent.Remove(node);
        _recent.AddFirst(node);
        return node.Value;
    }

    private RecoveryCount FindOrAdd(string key, DateTimeOffset now)
    {
        if (Find(key, now) is { } found)
        {
            return found;
        }

        // Bounded: the least recently touched count goes first (a stranger who floods the table with made-up users
        // pays for it in its own source's count, which it touches on every attempt).
        while (_counts.Count >= _options.MaxTrackedCounts && _recent.Last is { } oldest)
        {
            _counts.Remove(oldest.Value.Key);
            _recent.RemoveLast();
        }

        var node = _recent.AddFirst(new RecoveryCount(key));
        _counts[key] = node;
        return node.Value;
    }

    private static string UserKey(string user) => "u:" + user;

    private static string SourceKey(string source) => "s:" + source;

    private static string UserSourceKey(string user, string source) => "us:" + user + "|" + source;
}
