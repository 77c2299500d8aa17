using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>A profile keeps only the nodes its root signed, with a dev_id of the protocol size, so a server cannot add a device to a user.</summary>
public sealed class PeerProfileTests
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    private static NodeRecord Record(EnrolledDevice device) => new()
    {
        NodeIdentifier = ByteString.CopyFrom(device.Chain.Node.Identifier),
        NodePublicKey = ByteString.CopyFrom(device.Chain.Node.PublicKey.Encoded),
        NodeSignature = ByteString.CopyFrom(device.Chain.Node.RootSignature),
        DevId = ByteString.CopyFrom(device.DevId),
    };

    [Fact]
    public void Nodes_signed_by_another_root_or_malformed_are_dropped()
    {
        using var alice = EnrolledUser.Enroll(Suite);
        using var mallory = EnrolledUser.Enroll(Suite);
        using var aliceDevice = alice.EnrollDevice("a"u8);
        using var malloryDevice = mallory.EnrollDevice("m"u8);
        var response = new GetProfileResponse
        {
            RootIdentifier = ByteString.CopyFrom(alice.Root.Identifier),
            RootPublicKey = ByteString.CopyFrom(alice.Root.PublicKey.Encoded),
        };
        response.Nodes.Add(Record(aliceDevice));
        response.Nodes.Add(Record(malloryDevice));
        var truncated = Record(aliceDevice);
        truncated.NodeIdentifier = ByteString.CopyFrom(new byte[5]);
        response.Nodes.Add(truncated);
        var noDevId = Record(aliceDevice);
        noDevId.DevId = ByteString.Empty;
        response.Nodes.Add(noDevId);
        foreach (var size in new[] { ProtocolSizes.DevId - 1, ProtocolSizes.DevId + 1, 64 })
        {
            var wrongDevId = Record(aliceDevice);
            wrongDevId.DevId = ByteString.CopyFrom(new byte[size]);
            response.Nodes.Add(wrongDevId);
        }

        var profile = PeerProfile.From(Suite, alice.Root.Identifier, response, DateTimeOffset.UnixEpoch);

        var node = Assert.Single(profile.Nodes);
        Assert.Equal(aliceDevice.Chain.Node.IdentifierHex, node.IdentifierHex);
        Assert.NotNull(profile.Find(aliceDevice.Chain.Node.IdentifierHex));
        Assert.Null(profile.Find(malloryDevice.Chain.Node.IdentifierHex));
    }

    [Fact]
    public void A_profile_of_another_user_than_asked_for_is_refused()
    {
        using var alice = EnrolledUser.Enroll(Suite);
        using var bob = EnrolledUser.Enroll(Suite);
        var response = new GetProfileResponse
        {
            RootIdentifier = ByteString.CopyFrom(bob.Root.Identifier),
            RootPublicKey = ByteString.CopyFrom(bob.Root.PublicKey.Encoded),
        };
        var ex = Assert.Throws<WickrException>(() => PeerProfile.From(Suite, alice.Root.Identifier, response, DateTimeOffset.UnixEpoch));
        Assert.Equal(WickrError.Chain, ex.Error);
    }
}
