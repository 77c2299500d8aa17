namespace Wickr.Cluster.Grains.Storage;

/// <summary>
/// Durable rows of queued packets, one row per packet, keyed by (node, sequence).
/// The node grain keeps only sequence numbers and counters in memory, so an enqueue or an ack
/// costs one row write however long the mailbox is.
/// </summary>
public interface IMailboxStore
{
    /// <summary>
    /// Stores <paramref name="packet"/> under <paramref name="packet"/>.Sequence unless a packet with the same sender
    /// node and message id is queued for the node, or was acknowledged and its enqueue time is not yet older than the
    /// last retention cutoff given to <see cref="DeleteEnqueuedBeforeAsync"/>; then nothing is written and the stored
    /// (or acknowledged) packet's sequence is returned with <see cref="MailboxAppendResult.Duplicate"/> set. The write
    /// is durable when the task completes.
    /// </summary>
    Task<MailboxAppendResult> AppendAsync(string nodeId, StoredPacket packet, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> packets with a sequence above <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<StoredPacket>> ReadAsync(string nodeId, long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the packets with the given sequences (an acknowledgement) but remembers their sender node and message id
    /// until retention, so a resend is not stored again; unknown sequences are ignored. Returns how many packets were deleted.
    /// </summary>
    Task<int> DeleteAsync(string nodeId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every packet, and forgets every acknowledged message id, enqueued before <paramref name="cutoff"/>
    /// (retention). Returns the deleted packets' sequences.
    /// </summary>
    Task<IReadOnlyList<long>> DeleteEnqueuedBeforeAsync(string nodeId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Deletes the whole mailbox of a node with its remembered message ids (node removal).</summary>
    Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Counts and sizes what is queued, in total and per sender, so a grain can rebuild its counters on activation.</summary>
    Task<MailboxSummary> SummarizeAsync(string nodeId, CancellationToken cancellationToken = default);
}
