namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A replenish published one-time keys to this device's pool.</summary>
/// <param name="published">How many one-time keys the replenish published.</param>
/// <param name="completedAt">When the last upload of the replenish was answered, by the client's clock.</param>
public sealed class KeysReplenishedEventArgs(int published, DateTimeOffset completedAt) : EventArgs
{
    /// <summary>How many one-time keys the replenish published.</summary>
    public int Published { get; } = published;

    /// <summary>When the last upload of the replenish was answered, by the client's clock.</summary>
    public DateTimeOffset CompletedAt { get; } = completedAt;
}
