namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>Where a device keeps its groups: the device store on disk (sealed), or memory.</summary>
public interface IGroupStore
{
    /// <summary>Every group held.</summary>
    IReadOnlyList<GroupRecord> LoadGroups();

    /// <summary>Keeps <paramref name="record"/>, replacing the group's earlier record.</summary>
    void SaveGroup(GroupRecord record);
}
