namespace Wickr.Cluster.Grains.Storage;

/// <summary>What a mailbox holds, read once when a node grain activates.</summary>
/// <param name="Count">Number of queued packets.</param>
/// <param name="Bytes">Sum of the queued packets' sizes.</param>
/// <param name="HighestSequence">Highest sequence stored, or 0 for an empty mailbox.</param>
/// <param name="BySender">Count and bytes per sender root identifier (lowercase hex), for the per-sender share.</param>
public sealed record MailboxSummary(int Count, long Bytes, long HighestSequence, IReadOnlyDictionary<string, MailboxUsage> BySender);
