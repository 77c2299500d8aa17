namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>This user's standing in a group, as this device knows it.</summary>
public enum GroupStatus
{
    /// <summary>A member: it receives and may send.</summary>
    Member = 0,

    /// <summary>Another member removed this user: nothing is sent to it any more, and it cannot send.</summary>
    Removed = 1,

    /// <summary>This user left (from this device or another of its devices).</summary>
    Left = 2,
}
