namespace Wickr.Cluster.Gateway.Auth;

/// <summary>One count of <see cref="RecoveryThrottle"/>: wrong answers, the last one's time, and when the next attempt may be evaluated.</summary>
internal sealed class RecoveryCount(string key)
{
    public string Key { get; } = key;

    public int Failures { get; set; }

    public DateTimeOffset LastFailure { get; set; }

    public DateTimeOffset NextAllowed { get; set; }
}
