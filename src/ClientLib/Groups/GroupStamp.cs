namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// Orders the states of a group: by version, then by the root identifier of the user who made the change, then by
/// the change's message id (all compared as lowercase hex or text, ordinally). Two changes made at once from the same
/// version have the same version; the greater stamp wins on every device alike.
/// </summary>
/// <param name="Version">One more than the version the change was made on.</param>
/// <param name="SenderRootIdentifierHex">The user who made the change (from the packet's validated identity chain).</param>
/// <param name="MessageId">The control message's id.</param>
public sealed record GroupStamp(ulong Version, string SenderRootIdentifierHex, string MessageId) : IComparable<GroupStamp>
{
    /// <inheritdoc />
    public int CompareTo(GroupStamp? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byVersion = Version.CompareTo(other.Version);
        if (byVersion != 0)
        {
            return byVersion;
        }
        var bySender = string.CompareOrdinal(SenderRootIdentifierHex, other.SenderRootIdentifierHex);
        return bySender != 0 ? bySender : string.CompareOrdinal(MessageId, other.MessageId);
    }
}
