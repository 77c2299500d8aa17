namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>A group control message was kept: what it did.</summary>
public sealed class GroupUpdatedEventArgs(GroupUpdate update) : EventArgs
{
    /// <summary>What it did.</summary>
    public GroupUpdate Update { get; } = update;
}
