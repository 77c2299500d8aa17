namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>What kind of conversation a group is.</summary>
public enum GroupKind
{
    /// <summary>A group: every member may add, remove and change the settings.</summary>
    Group = 0,

    /// <summary>A room: moderators manage members and settings; members may add others only when the settings say so.</summary>
    Room = 1,
}
