using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Malformed requests of every RPC: INVALID_ARGUMENT, and the store is byte-for-byte as before.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task Malformed_requests_of_every_kind_get_invalid_argument_and_leave_storage_unchanged() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var raw = new Raw(w.Cluster.Channel);
        var me = Raw.Bearer(await alice[0].Session.TokenAsync(CancellationToken.None));
        var node = ByteString.CopyFrom(alice[0].Device.Chain.Node.Identifier);
        var root = ByteString.CopyFrom(alice.User.Root.Identifier);
        var validKey = ByteString.CopyFrom(alice.User.Root.PublicKey.Encoded);
        var offCurve = ByteString.CopyFrom([0x00, 0x04, .. RandomNumberGenerator.GetBytes(132)]);
        var validSignature = ByteString.CopyFrom(w.Recorder.Sign(alice.User.RootKey, "anything"u8));
        var badFraming = ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, 143).ToArray());
        var packet = ByteString.CopyFrom(ValidPacket(w, alice, bob));
        using var pool = new EphemeralKeyPool(w.Recorder, alice[0].Device.NodeKey, 1_000_000);
        var fresh = pool.Generate(2).Select(Wire).ToList();
        var registration = RegisterNode(w, alice.User.Root.Identifier, alice[0].Device, alice.User.RootKey);
        ByteString Bytes(int length) => ByteString.CopyFrom(new byte[length]);
        RegisterNodeRequest NodeWith(Action<RegisterNodeRequest> change)
        {
            var request = registration.Clone();
            change(request);
            return request;
        }
        SendPacketRequest SendWith(Action<SendPacketRequest> change)
        {
            var request = new SendPacketRequest { MessageId = "valid-id", Packet = packet, RecipientNodeIdentifiers = { ByteString.CopyFrom(bob[0].Device.Chain.Node.Identifier) } };
            change(request);
            return request;
        }
        var cases = new List<(string Name, Func<Task> Call)>
        {
            // Auth
            ("challenge: empty node id", () => raw.Auth.CreateChallengeAsync(new CreateChallengeRequest()).ResponseAsync),
            ("challenge: 31-byte node id", () => raw.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = Bytes(31) }).ResponseAsync),
            ("token: 33-byte node id", () => raw.Auth.CreateTokenAsync(new CreateTokenRequest { NodeIdentifier = Bytes(33), Nonce = Bytes(32), Signature = validSignature }).ResponseAsync),
            ("token: 5-byte nonce", () => raw.Auth.CreateTokenAsync(new CreateTokenRequest { NodeIdentifier = node, Nonce = Bytes(5), Signature = validSignature }).ResponseAsync),
            ("token: 142-byte signature", () => raw.Auth.CreateTokenAsync(new CreateTokenRequest { NodeIdentifier = node, Nonce = Bytes(32), Signature = Bytes(142) }).ResponseAsync),
            // Accounts
            ("register user: empty root id", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootPublicKey = validKey, Signature = validSignature }).ResponseAsync),
            ("register user: 128-byte root id", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootIdentifier = Bytes(128), RootPublicKey = validKey, Signature = validSignature }).ResponseAsync),
            ("register user: 133-byte key", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootIdentifier = Bytes(8), RootPublicKey = Bytes(133), Signature = validSignature }).ResponseAsync),
            ("register user: key off the curve", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootIdentifier = Bytes(8), RootPublicKey = offCurve, Signature = validSignature }).ResponseAsync),
            ("register user: no signature", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootIdentifier = Bytes(8), RootPublicKey = validKey }).ResponseAsync),
            ("register user: signature framing", () => raw.Accounts.RegisterUserAsync(new RegisterUserRequest { RootIdentifier = root, RootPublicKey = validKey, Signature = badFraming }).ResponseAsync),
            ("register node: no node record", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Node = null)).ResponseAsync),
            ("register node: 31-byte node id", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Node.NodeIdentifier = Bytes(31))).ResponseAsync),
            ("register node: node key off the curve", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Node.NodePublicKey = offCurve)).ResponseAsync),
            ("register node: 10-byte node signature", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Node.NodeSignature = Bytes(10))).ResponseAsync),
            ("register node: 31-byte dev_id", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Node.DevId = Bytes(31))).ResponseAsync),
            ("register node: issued an hour ago", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.IssuedAtUnixMs -= 3_600_000)).ResponseAsync),
            ("register node: 0-byte signature", () => raw.Accounts.RegisterNodeAsync(NodeWith(r => r.Signature = ByteString.Empty)).ResponseAsync),
            ("remove node: empty node id", () => raw.Accounts.RemoveNodeAsync(new RemoveNodeRequest { RootIdentifier = root, IssuedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Signature = validSignature }).ResponseAsync),
            ("profile: empty root id", () => raw.Accounts.GetProfileAsync(new GetProfileRequest(), me).ResponseAsync),
            ("profile: 200-byte root id", () => raw.Accounts.GetProfileAsync(new GetProfileRequest { RootIdentifier = Bytes(200) }, me).ResponseAsync),
            ("store bundle: empty", () => raw.Accounts.StoreRecoveryBundleAsync(new StoreRecoveryBundleRequest(), me).ResponseAsync),
            ("fetch bundle: empty root id", () => raw.Accounts.FetchRecoveryBundleAsync(new FetchRecoveryBundleRequest()).ResponseAsync),
            // EphemeralKeys
            ("upload: no keys", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest(), me).ResponseAsync),
            ("upload: 101 keys", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { Enumerable.Repeat(fresh[0], 101) } }, me).ResponseAsync),
            ("upload: 133-byte public key", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { With(fresh[0], k => k.PublicKey = Bytes(133)) } }, me).ResponseAsync),
            ("upload: public key off the curve", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { With(fresh[0], k => k.PublicKey = offCurve) } }, me).ResponseAsync),
            ("upload: no signature", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { With(fresh[0], k => k.Signature = ByteString.Empty) } }, me).ResponseAsync),
            ("upload: signature over another key", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { With(fresh[0], k => k.Signature = fresh[1].Signature) } }, me).ResponseAsync),
            ("upload: ids decreasing in the batch", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { fresh[1], fresh[0] } }, me).ResponseAsync),
            ("upload: id not above those seen", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { Keys = { With(fresh[0], k => k.KeyId = 1) } }, me).ResponseAsync),
            ("upload: 5-byte node id", () => raw.Keys.UploadKeysAsync(new UploadKeysRequest { NodeIdentifier = Bytes(5), Keys = { fresh[0] } }, me).ResponseAsync),
            ("last resort: no key", () => raw.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest(), me).ResponseAsync),
            ("last resort: signature framing", () => raw.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = With(fresh[0], k => k.Signature = badFraming) }, me).ResponseAsync),
            ("claim: no nodes", () => raw.Keys.ClaimKeysAsync(new ClaimKeysRequest(), me).ResponseAsync),
            ("claim: 31-byte node id", () => raw.Keys.ClaimKeysAsync(new ClaimKeysRequest { NodeIdentifiers = { Bytes(31) } }, me).ResponseAsync),
            ("claim: a node twice", () => raw.Keys.ClaimKeysAsync(new ClaimKeysRequest { NodeIdentifiers = { node, node } }, me).ResponseAsync),
            ("claim: 501 nodes", () => raw.Keys.ClaimKeysAsync(new ClaimKeysRequest { NodeIdentifiers = { Enumerable.Range(0, 501).Select(i => ByteString.CopyFrom(BitConverter.GetBytes(i).Concat(new byte[28]).ToArray())) } }, me).ResponseAsync),
            ("pool status: 5-byte node id", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest { NodeIdentifier = Bytes(5) }, me).ResponseAsync),
            // Messages
            ("send: empty message id", () => raw.Messages.SendPacketAsync(SendWith(r => r.MessageId = string.Empty), me).ResponseAsync),
            ("send: message id with a space", () => raw.Messages.SendPacketAsync(SendWith(r => r.MessageId = "not valid"), me).ResponseAsync),
            ("send: 65-character message id", () => raw.Messages.SendPacketAsync(SendWith(r => r.MessageId = new string('a', 65)), me).ResponseAsync),
            ("send: empty packet", () => raw.Messages.SendPacketAsync(SendWith(r => r.Packet = ByteString.Empty), me).ResponseAsync),
            ("send: unsigned garbage packet", () => raw.Messages.SendPacketAsync(SendWith(r => r.Packet = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(600))), me).ResponseAsync),
            ("send: packet with one bit flipped", () => raw.Messages.SendPacketAsync(SendWith(r => r.Packet = Flip(packet, 300)), me).ResponseAsync),
            ("send: packet over 255 KiB", () => raw.Messages.SendPacketAsync(SendWith(r => r.Packet = Bytes((255 * 1024) + 1)), me).ResponseAsync),
            ("send: no recipients", () => raw.Messages.SendPacketAsync(SendWith(r => r.RecipientNodeIdentifiers.Clear()), me).ResponseAsync),
            ("send: 31-byte recipient", () => raw.Messages.SendPacketAsync(SendWith(r => r.RecipientNodeIdentifiers.Add(Bytes(31))), me).ResponseAsync),
            ("send: a recipient twice", () => raw.Messages.SendPacketAsync(SendWith(r => r.RecipientNodeIdentifiers.Add(r.RecipientNodeIdentifiers[0])), me).ResponseAsync),
            ("subscribe: negative sequence", () => Raw.FirstEventAsync(raw.Messages.Subscribe(new SubscribeRequest { AfterSequence = -1 }, me))),
            ("fetch: negative sequence", () => raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = -1 }, me).ResponseAsync),
            ("fetch: negative count", () => raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { MaxCount = -1 }, me).ResponseAsync),
            ("fetch: 5-byte node id", () => raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { NodeIdentifier = Bytes(5) }, me).ResponseAsync),
            ("ack: no sequences", () => raw.Messages.AckAsync(new AckRequest(), me).ResponseAsync),
            ("ack: sequence 0", () => raw.Messages.AckAsync(new AckRequest { Sequences = { 0 } }, me).ResponseAsync),
            ("ack: 501 sequences", () => raw.Messages.AckAsync(new AckRequest { Sequences = { Enumerable.Range(1, 501).Select(i => (long)i) } }, me).ResponseAsync),
        };

        var before = await SqliteSnapshot.TakeAsync(w.Cluster);
        foreach (var (name, call) in cases)
        {
            await raw.RefusedAsync(StatusCode.InvalidArgument, name, call);
        }
        raw.AssertAllRefused();
        SqliteSnapshot.AssertEqual(before, await SqliteSnapshot.TakeAsync(w.Cluster));

        // The valid packet the malformed sends were built around still goes through.
        var delivered = await raw.Messages.SendPacketAsync(SendWith(_ => { }), me);
        Assert.Equal(0, delivered.Deliveries.Single().ErrorCode);
    });

    private static EphemeralKey With(EphemeralKey key, Action<EphemeralKey> change)
    {
        var copy = key.Clone();
        change(copy);
        return copy;
    }

    private static ByteString Flip(ByteString bytes, int index)
    {
        var copy = bytes.ToByteArray();
        copy[index] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }

    // A real packet from Alice's device to Bob's, built on a key Bob's device signs here (not one from his pool).
    private static byte[] ValidPacket(World w, Person alice, Person bob)
    {
        using var keys = new EphemeralKeyPool(w.Recorder, bob[0].Device.NodeKey, 1_000_000);
        var recipient = new RecipientNode(bob[0].Device.Chain, bob[0].Device.DevId, keys.Generate(1)[0]);
        return new PacketEncoder(w.Recorder).Encode(alice[0].Device.Sender, [(recipient, bob.User.Root)], w.Text("malformed-case packet"));
    }
}
