extern alias gateway;
using gateway::Wickr.Cluster.Gateway;
using gateway::Wickr.Cluster.Gateway.Wire;
using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Tests.Validation;

/// <summary>
/// The gateway and the grains keep no copy of a protocol limit: their settings default to it and cannot exceed it, and
/// the largest request the protocol allows for each call gets past that call's size cap to the door, where the limits are named.
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

        var chunk = new UploadChunk { BlobId = new string('b', 64), Offset = long.MaxValue, Data = ByteString.CopyFrom(new byte[Grains.Interfaces.Files.FileLimits.ChunkBytes]) };
        var recipients = new SetRecipientsRequest { BlobId = new string('b', 64) };
        recipients.RecipientNodeIdentifiers.AddRange(Enumerable.Range(0, Grains.Interfaces.Files.FileLimits.MaxRecipients).Select(_ => NodeIdentifier()));
        var token = new CreateTokenRequest { NodeIdentifier = NodeIdentifier(), Nonce = ByteString.CopyFrom(new byte[64]), Signature = ByteString.CopyFrom(new byte[ProtocolSizes.Signature]) };
        var register = new RegisterNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(new byte[ProtocolSizes.MaxRootIdentifier]),
            Node = new NodeRecord
            {
                NodeIdentifier = NodeIdentifier(),
                NodePublicKey = ByteString.CopyFrom(new byte[ProtocolSizes.PublicKey]),
                NodeSignature = ByteString.CopyFrom(new byte[ProtocolSizes.Signature]),
                DevId = ByteString.CopyFrom(new byte[ProtocolSizes.DevId]),
            },
            IssuedAtUnixMs = long.MaxValue,
            Signature = ByteString.CopyFrom(new byte[ProtocolSizes.Signature]),
        };

        // Each fits its own method's cap.
        foreach (var (method, request) in new (string, IMessage)[]
        {
            ("/wickr.cluster.v1.Messages/SendPacket", send), ("/wickr.cluster.v1.EphemeralKeys/UploadKeys", upload),
            ("/wickr.cluster.v1.EphemeralKeys/ClaimKeys", claim), ("/wickr.cluster.v1.Messages/Ack", ack),
            ("/wickr.cluster.v1.Accounts/StoreRecoveryBundle", bundle), ("/wickr.cluster.v1.Files/Upload", chunk),
            ("/wickr.cluster.v1.Files/SetRecipients", recipients), ("/wickr.cluster.v1.Auth/CreateToken", token),
            ("/wickr.cluster.v1.Accounts/RegisterNode", register),
        })
        {
            Assert.InRange(request.CalculateSize(), 1, RequestSizeLimits.ForMethod(method));
        }

        Assert.Equal(RequestSizeLimits.Auth, RequestSizeLimits.ForService(Api.V1.Auth.Descriptor));
    }

    private static ByteString NodeIdentifier() => ByteString.CopyFrom(new byte[ProtocolSizes.NodeIdentifier]);
}
