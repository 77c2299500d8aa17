namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>What a membership control message did.</summary>
public enum GroupChange
{
    /// <summary>The group was made with its first members.</summary>
    Create = 1,

    /// <summary>A user was added.</summary>
    Add = 2,

    /// <summary>A user was removed by another member (a moderator, in a room).</summary>
    Remove = 3,

    /// <summary>A user left.</summary>
    Leave = 4,

    /// <summary>The settings (default time to live, burn-on-read, who may add) changed.</summary>
    Settings = 5,
}
