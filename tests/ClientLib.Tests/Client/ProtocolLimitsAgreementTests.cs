using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>
/// The client's batch sizes stay within the protocol's limits, which the gateway and the grains enforce: a client
/// that kept a copy of a limit could drift from it and have every such call refused.
/// </summary>
public sealed class ProtocolLimitsAgreementTests
{
    [Fact]
    public void Fetches_and_acks_stay_within_the_protocol_limits()
    {
        Assert.Equal(ProtocolLimits.MaxFetchPackets, MailboxAcks.Batch);
        Assert.True(MailboxAcks.Batch <= ProtocolLimits.MaxAckSequences);
    }

    [Fact]
    public void Default_batches_stay_within_the_protocol_limits()
    {
        var options = new WickrClientOptions();
        options.Validate();
        Assert.Equal(ProtocolLimits.MaxUploadKeys, options.UploadBatchSize);
        Assert.InRange(options.NodesPerRequest, 1, Math.Min(ProtocolLimits.MaxRecipients, ProtocolLimits.MaxClaimNodes));
    }

    [Fact]
    public void Batches_beyond_the_protocol_limits_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { UploadBatchSize = ProtocolLimits.MaxUploadKeys + 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { NodesPerRequest = ProtocolLimits.MaxRecipients + 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new WickrClientOptions { NodesPerRequest = ProtocolLimits.MaxClaimNodes + 1 }.Validate());
    }

    [Fact]
    public void The_pool_target_has_one_default()
    {
        Assert.Equal(WickrClientOptions.DefaultPoolTargetSize, new WickrClientOptions().PoolTargetSize);
        Assert.Equal(WickrClientOptions.DefaultPoolTargetSize, new StoredDeviceOptions().PoolTargetSize);
    }
}
