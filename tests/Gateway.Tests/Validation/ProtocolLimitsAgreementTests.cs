extern alias gateway;
using gateway::Wickr.Cluster.Gateway;
using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Tests.Validation;

/// <summary>
/// The gateway and the grains keep no copy of a protocol limit: their settings default to it and cannot exceed it, and
/// the largest request the protocol allows gets past gRPC's own size check to the door, where the limits are named.
/// </summary>
public sealed class ProtocolLimitsAgreementTests
{
    private static readonly GatewayOptions Gateway = new();

    [Fact]
    public void Settings_default_to_the_protocol_limits()
    {
        Assert.Equal(ProtocolLimits.MaxRecipients, Gateway.MaxRecipients);
        Assert.Equal(ProtocolLimits.MaxClaimNodes, Gateway.MaxClaimNodes);
        Assert.Equal(ProtocolLimits.MaxPacketBytes, new MailboxOptions().MaxPacketBytes);
        Assert.Equal(ProtocolLimits.MaxNodes, new UserOptions().MaxNodes);
        Assert.Equal(ProtocolLimits.MaxRecoveryBundleBytes, new UserOptions().MaxRecoveryBundleBytes);

        // A silo's default read batch fills the gateway's reads, so the default costs no extra read.
        Assert.True(new MailboxOptions().MaxReadBatch >= ProtocolLimits.MaxFetchPackets);
    }

    [Fact]
    public void Settings_may_lower_a_protocol_limit_but_not_raise_it()
    {
        Assert.Empty(new GatewayOptions { MaxRecipients = 1, MaxClaimNodes = 1 }.Validate());
        Assert.Equal(2, new GatewayOptions { MaxRecipients = ProtocolLimits.MaxRecipients + 1, MaxClaimNodes = ProtocolLimits.MaxClaimNodes + 1 }.Validate().Count());
        Assert.Empty(new MailboxOptions { MaxPacketBytes = 1024, MaxQueuedBytes = 1024 }.Validate());
        Assert.Single(new MailboxOptions { MaxPacketBytes = ProtocolLimits.MaxPacketBytes + 1 }.Validate());
        Assert.Empty(new UserOptions { MaxNodes = 1, MaxRecoveryBundleBytes = 1 }.Validate());
        Assert.Equal(2, new UserOptions { MaxNodes = ProtocolLimits.MaxNodes + 1, MaxRecoveryBundleBytes = ProtocolLimits.MaxRecoveryBundleBytes + 1 }.Validate().Count());
    }

    [Fact]
    public void The_largest_requests_the_protocol_allows_fit_the_gateways_receive_limit()
    {
        var send = new SendPacketRequest
        {
            MessageId = new string('m', ProtocolLimits.MaxMessageIdLength),
            Packet = ByteString.CopyFrom(new byte[ProtocolLimits.MaxPacketBytes]),
        };
        send.RecipientNodeIdentifiers.AddRange(Enumerable.Range(0, ProtocolLimits.MaxRecipients).Select(_ => NodeIdentifier()));

        var upload = new UploadKeysRequest { NodeIdentifier = NodeIdentifier() };
        upload.Keys.AddRange(Enumerable.Range(0, ProtocolLimits.MaxUploadKeys).Select(i => new EphemeralKey
        {
            KeyId = ulong.MaxValue - (ulong)i,
            PublicKey = ByteString.CopyFrom(new byte[ProtocolSizes.PublicKey]),
            Signature = ByteString.CopyFrom(new byte[ProtocolSizes.Signature]),
        }));

        var claim = new ClaimKeysRequest();
        claim.NodeIdentifiers.AddRange(Enumerable.Range(0, ProtocolLimits.MaxClaimNodes).Select(_ => NodeIdentifier()));

        var ack = new AckRequest { NodeIdentifier = NodeIdentifier() };
        ack.Sequences.AddRange(Enumerable.Range(0, ProtocolLimits.MaxAckSequences).Select(_ => long.MaxValue));

        var bundle = new StoreRecoveryBundleRequest
        {
            Bundle = ByteString.CopyFrom(new byte[ProtocolLimits.MaxRecoveryBundleBytes]),
            AccessKey = ByteString.CopyFrom(new byte[32]),
        };

        Assert.All(new IMessage[] { send, upload, claim, ack, bundle }, request => Assert.InRange(request.CalculateSize(), 1, Gateway.MaxReceiveMessageBytes));
    }

    private static ByteString NodeIdentifier() => ByteString.CopyFrom(new byte[ProtocolSizes.NodeIdentifier]);
}
