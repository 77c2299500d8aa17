namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>A group's settings, the same on every member's device.</summary>
/// <param name="TimeToLive">Seconds after sending at which a message is deleted on every device, unless the sender says otherwise; 0 = never.</param>
/// <param name="BurnOnRead">Seconds after first reading at which a message is deleted, unless the sender says otherwise; 0 = off.</param>
/// <param name="MembersMayAdd">In a room: whether members who are not moderators may add users (in a group every member may).</param>
public sealed record GroupSettings(ulong TimeToLive, ulong BurnOnRead, bool MembersMayAdd)
{
    /// <summary>No default time to live or burn-on-read; members of a room may not add.</summary>
    public static GroupSettings Default { get; } = new(0, 0, false);
}
