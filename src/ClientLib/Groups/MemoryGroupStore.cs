using System.Collections.Concurrent;

namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>Groups kept in memory only (a client without a device store).</summary>
public sealed class MemoryGroupStore : IGroupStore
{
    private readonly ConcurrentDictionary<string, GroupRecord> _groups = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<GroupRecord> LoadGroups() => [.. _groups.Values];

    /// <inheritdoc />
    public void SaveGroup(GroupRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _groups[record.IdHex] = record;
    }
}
