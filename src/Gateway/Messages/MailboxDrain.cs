using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// Reads a node's mailbox on for a Subscribe stream: every packet after a sequence, in order, a batch at a time. A silo
/// returns at most its own cap per read (<c>Grains:Mailbox:MaxReadBatch</c>, whatever is asked) and skips expired
/// packets, so a short read is the end only once it has reached the highest sequence the doorbell rang for; with none
/// known (the backlog), only an empty read is. No silo setting can make a drain stop early or fail.
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
}
