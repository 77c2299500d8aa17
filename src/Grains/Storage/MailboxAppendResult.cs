namespace Wickr.Cluster.Grains.Storage;

/// <summary>The outcome of <see cref="IMailboxStore.AppendAsync"/>.</summary>
/// <param name="Sequence">The sequence the packet is stored under (the earlier one for a duplicate).</param>
/// <param name="Duplicate">True when a packet with the same message id was already queued and nothing was written.</param>
public sealed record MailboxAppendResult(long Sequence, bool Duplicate);
