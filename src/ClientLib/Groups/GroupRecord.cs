namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>A group as this device keeps it.</summary>
/// <param name="Current">The state in force.</param>
/// <param name="Stamp">The stamp of the change that made <paramref name="Current"/>.</param>
/// <param name="Basis">
/// The state <paramref name="Current"/> replaced, when it is of the version just before: a concurrent change of the
/// same version as <paramref name="Current"/> is authorised against it, as it was made from it (see docs/groups.md).
/// </param>
/// <param name="Status">This user's standing.</param>
public sealed record GroupRecord(GroupState Current, GroupStamp Stamp, GroupState? Basis, GroupStatus Status)
{
    /// <summary>The group id, lowercase hex.</summary>
    public string IdHex => Current.IdHex;

    /// <summary>The group's name.</summary>
    public string Name => Current.Name;
}
