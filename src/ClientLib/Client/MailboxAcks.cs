using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Acknowledgements of handled mailbox packets. An ack that fails is kept and sent with the next one; its packet
/// stays queued on the server (and is skipped here, <see cref="IsPending"/>) until then.
/// </summary>
internal sealed class MailboxAcks(GatewayCalls gateway, BackgroundErrors errors)
{
    /// <summary>The most packets one fetch asks for, and so the most sequences one ack carries (at most <see cref="ProtocolLimits.MaxAckSequences"/>).</summary>
    public const int Batch = ProtocolLimits.MaxFetchPackets;

    private readonly SortedSet<long> _pending = [];

    /// <summary>True while the acknowledgement of <paramref name="sequence"/> has not been accepted by the gateway.</summary>
    public bool IsPending(long sequence)
    {
        lock (_pending)
        {
            return _pending.Contains(sequence);
        }
    }

    public async Task AckAsync(long sequence, CancellationToken cancellationToken)
    {
        lock (_pending)
        {
            _pending.Add(sequence);
        }
        await RetryPendingAsync(cancellationToken);
    }

    public async Task RetryPendingAsync(CancellationToken cancellationToken)
    {
        long[] sequences;
        lock (_pending)
        {
            sequences = [.. _pending.Take(Batch)];
        }
        if (sequences.Length == 0)
        {
            return;
        }
        var request = new AckRequest();
        request.Sequences.AddRange(sequences);
        try
        {
            await gateway.CallAsync(o => gateway.Messages.AckAsync(request, o), cancellationToken);
        }
        catch (WickrClientException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            errors.Record(ex);
            return;
        }
        lock (_pending)
        {
            _pending.ExceptWith(sequences);
        }
    }
}
