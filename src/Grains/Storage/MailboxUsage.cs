namespace Wickr.Cluster.Grains.Storage;

/// <summary>What one sender (or everyone) holds of a mailbox.</summary>
/// <param name="Count">Queued packets.</param>
/// <param name="Bytes">Their total size.</param>
public readonly record struct MailboxUsage(int Count, long Bytes);
