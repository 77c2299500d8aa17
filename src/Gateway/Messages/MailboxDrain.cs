using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// Reads a node's mailbox on for a Subscribe stream: every packet after a sequence, in order, a batch at a time. A silo
/// returns at most its own cap per read (<c>Grains:Mailbox:MaxReadBatch</c>, whatever is asked) and skips expired
/// packets, so a short read is the end only once it has reached the highest sequence the doorbell rang for; with none
/// known (the backlog), only an empty read is. No silo setting can make a drain stop early or fail.
/// <para>
/// Sequences are not a watermark: while a node grain moves, two activations may both write, the old one below the
/// sequences the new one already used, and the old one's packets may ring for a sequence the stream is past (or not
/// ring this gateway at all). So a stream also <see cref="SweepAsync">sweeps</see> the whole mailbox (from sequence 0)
/// when a ring names a sequence at or below the last one it sent, and after each subscription renewal, and sends only
/// what it has not sent yet. Its set of sent sequences is bounded: each sweep keeps only the sequences it still found
/// queued (the others were acknowledged or expired, and a deleted row never comes back), so the set holds at most
/// what the mailbox held at the last sweep (<c>Grains:Mailbox:MaxQueuedPackets</c>) plus what was sent since, and a
/// sweep comes at least every half subscription lifetime (<c>Grains:Mailbox:SubscriptionLifetime</c>).
/// </para>
/// </summary>
internal static class MailboxDrain
{
    /// <summary>Packets asked for per read: the protocol's FetchPackets cap.</summary>
    public const int ReadBatch = ProtocolLimits.MaxFetchPackets;

    /// <summary>Hands every packet after <paramref name="after"/> to <paramref name="write"/>, one batch at a time.</summary>
    /// <param name="node">The node's grain.</param>
    /// <param name="after">The last sequence the reader already has.</param>
    /// <param name="announced">The highest sequence the doorbell rang for, or null when none is known.</param>
    /// <param name="write">Takes one batch, in sequence order (never an empty one).</param>
    /// <returns>The last sequence handed over, or <paramref name="after"/> when none was.</returns>
    public static async Task<long> DrainAsync(INodeGrain node, long after, long? announced, Func<QueuedPacket[], Task> write)
    {
        while (true)
        {
            var batch = await node.ReadAsync(after, ReadBatch);
            if (batch.Length == 0)
            {
                return after;
            }

            await write(batch);
            after = batch[^1].Sequence;
            if (batch.Length < ReadBatch && announced is { } last && after >= last)
            {
                return after;
            }
        }
    }

    /// <summary>
    /// Reads the whole mailbox from its start and hands to <paramref name="write"/> every packet not in
    /// <paramref name="sent"/>, adding them to it; then drops from <paramref name="sent"/> every sequence the sweep
    /// did not find queued.
    /// </summary>
    /// <param name="node">The node's grain.</param>
    /// <param name="sent">The sequences the stream has sent.</param>
    /// <param name="write">Takes one batch, in sequence order (never an empty one).</param>
    /// <returns>The highest sequence the sweep found queued, or 0 when the mailbox was empty.</returns>
    public static async Task<long> SweepAsync(INodeGrain node, HashSet<long> sent, Func<QueuedPacket[], Task> write)
    {
        var queued = new HashSet<long>();
        var after = 0L;
        while (true)
        {
            var batch = await node.ReadAsync(after, ReadBatch);
            if (batch.Length == 0)
            {
                break;
            }

            var fresh = Array.FindAll(batch, p => !sent.Contains(p.Sequence));
            if (fresh.Length > 0)
            {
                await write(fresh);
            }

            foreach (var packet in batch)
            {
                queued.Add(packet.Sequence);
                sent.Add(packet.Sequence);
            }

            after = batch[^1].Sequence;
        }

        sent.IntersectWith(queued);
        return after;
    }
}
