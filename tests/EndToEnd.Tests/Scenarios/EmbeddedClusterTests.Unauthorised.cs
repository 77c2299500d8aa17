using System.Buffers.Text;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Refusals: other devices' mailboxes and pools, forged and expired tokens, replayed challenges, unsigned registrations.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task Every_unauthorised_attempt_is_refused_with_its_status_and_changes_nothing() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2);
        await bob[1].DisconnectAsync();
        var queued = await alice[0].SendAsync(bob.Root, w.Text("for bob only"));
        Assert.True(queued.AllQueued);
        await bob[0].NextAsync();
        var raw = new Raw(w.Cluster.Channel);
        var aliceNode = alice[0].Device.Chain.Node.Identifier;
        var bobNode = ByteString.CopyFrom(bob[1].Device.Chain.Node.Identifier);
        var aliceToken = await alice[0].Session.TokenAsync(CancellationToken.None);
        var asAlice = Raw.Bearer(aliceToken);

        // Challenges: a nonce buys one attempt, whatever its outcome.
        var challenge = await raw.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(aliceNode) });
        var answer = new CreateTokenRequest
        {
            NodeIdentifier = ByteString.CopyFrom(aliceNode),
            Nonce = challenge.Nonce,
            Signature = ByteString.CopyFrom(w.Recorder.Sign(alice[0].Device.NodeKey, RequestSignatures.Auth(aliceNode, challenge.Nonce.Span))),
        };
        Assert.False(string.IsNullOrEmpty((await raw.Auth.CreateTokenAsync(answer)).Token));
        await raw.RefusedAsync(StatusCode.Unauthenticated, "replayed challenge answer", () => raw.Auth.CreateTokenAsync(answer).ResponseAsync);
        var second = await raw.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(aliceNode) });
        var wrongKey = new CreateTokenRequest
        {
            NodeIdentifier = ByteString.CopyFrom(aliceNode),
            Nonce = second.Nonce,
            Signature = ByteString.CopyFrom(w.Recorder.Sign(bob[0].Device.NodeKey, RequestSignatures.Auth(aliceNode, second.Nonce.Span))),
        };
        await raw.RefusedAsync(StatusCode.Unauthenticated, "challenge answered with another node's key", () => raw.Auth.CreateTokenAsync(wrongKey).ResponseAsync);
        // A failed answer burns nothing (a stranger cannot use up a device's nonce): the right answer still buys a
        // token, once; its replay is refused.
        var rightKeyAfterFailure = answer.Clone();
        rightKeyAfterFailure.Nonce = second.Nonce;
        rightKeyAfterFailure.Signature = ByteString.CopyFrom(w.Recorder.Sign(alice[0].Device.NodeKey, RequestSignatures.Auth(aliceNode, second.Nonce.Span)));
        Assert.False(string.IsNullOrEmpty((await raw.Auth.CreateTokenAsync(rightKeyAfterFailure)).Token));
        await raw.RefusedAsync(StatusCode.Unauthenticated, "nonce reused after a successful answer", () => raw.Auth.CreateTokenAsync(rightKeyAfterFailure).ResponseAsync);

        // Everything from here on must leave storage exactly as it is.
        await WaitForEmptyMailboxAsync(raw, bob[0]);
        var before = await SqliteSnapshot.TakeAsync(w.Cluster);

        // Tokens: missing, garbage, forged for another node, MAC cut short.
        await raw.RefusedAsync(StatusCode.Unauthenticated, "no token", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest()).ResponseAsync);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "garbage token", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer("wc1.garbage.garbage")).ResponseAsync);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "not a bearer header", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), new Metadata { { "authorization", aliceToken } }).ResponseAsync);
        var forged = ForgeForNode(aliceToken, bob[1].Device.Chain.Node.Identifier);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "token re-addressed to another node", () => raw.Messages.FetchPacketsAsync(new FetchPacketsRequest(), Raw.Bearer(forged)).ResponseAsync);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "token with its MAC cut short", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(aliceToken[..^4])).ResponseAsync);

        // Another device's mailbox and another node's pool, with a valid token of one's own.
        await raw.RefusedAsync(StatusCode.PermissionDenied, "fetch another device's mailbox", () => raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { NodeIdentifier = bobNode }, asAlice).ResponseAsync);
        await raw.RefusedAsync(StatusCode.PermissionDenied, "ack in another device's mailbox", () => raw.Messages.AckAsync(new AckRequest { NodeIdentifier = bobNode, Sequences = { 1, 2, 3 } }, asAlice).ResponseAsync);
        await raw.RefusedAsync(StatusCode.PermissionDenied, "subscribe to another device's mailbox", () => Raw.FirstEventAsync(raw.Messages.Subscribe(new SubscribeRequest { NodeIdentifier = bobNode }, asAlice)));
        using var alicePool = new EphemeralKeyPool(w.Recorder, alice[0].Device.NodeKey, 10_000);
        var aliceKeys = alicePool.Generate(2);
        var upload = new UploadKeysRequest { NodeIdentifier = bobNode };
        upload.Keys.AddRange(aliceKeys.Select(Wire));
        await raw.RefusedAsync(StatusCode.PermissionDenied, "upload into another node's pool", () => raw.Keys.UploadKeysAsync(upload, asAlice).ResponseAsync);
        await raw.RefusedAsync(StatusCode.PermissionDenied, "set another node's last-resort key", () => raw.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { NodeIdentifier = bobNode, Key = Wire(aliceKeys[0]) }, asAlice).ResponseAsync);
        await raw.RefusedAsync(StatusCode.PermissionDenied, "read another node's pool status", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest { NodeIdentifier = bobNode }, asAlice).ResponseAsync);
        using var bobPool = new EphemeralKeyPool(w.Recorder, bob[1].Device.NodeKey, 10_000);
        var ownPoolForeignKeys = new UploadKeysRequest();
        ownPoolForeignKeys.Keys.AddRange(bobPool.Generate(2).Select(Wire));
        await raw.RefusedAsync(StatusCode.InvalidArgument, "upload keys signed by another node's key", () => raw.Keys.UploadKeysAsync(ownPoolForeignKeys, asAlice).ResponseAsync);

        // Root-signed requests without the right root signature.
        using var carolUser = Protocol.Enrollment.EnrolledUser.Enroll(w.Recorder);
        using var stray = alice.User.EnrollDevice("stray"u8);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "node registration signed by the node key", () => raw.Accounts.RegisterNodeAsync(
            RegisterNode(w, alice.User.Root.Identifier, stray, signer: stray.NodeKey)).ResponseAsync);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "node registration signed by another user's root", () => raw.Accounts.RegisterNodeAsync(
            RegisterNode(w, alice.User.Root.Identifier, stray, signer: bob.User.RootKey)).ResponseAsync);
        var unsigned = RegisterNode(w, alice.User.Root.Identifier, stray, signer: alice.User.RootKey);
        unsigned.Signature = ByteString.CopyFrom(new byte[Protocol.Crypto.EcdsaSignature.EncodedSize]);
        await raw.RefusedAsync(StatusCode.InvalidArgument, "node registration with an all-zero signature", () => raw.Accounts.RegisterNodeAsync(unsigned).ResponseAsync);
        var tampered = RegisterNode(w, alice.User.Root.Identifier, stray, signer: alice.User.RootKey);
        tampered.Node.DevId = ByteString.CopyFrom(new byte[32]);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "node registration altered after signing", () => raw.Accounts.RegisterNodeAsync(tampered).ResponseAsync);
        using var foreign = carolUser.EnrollDevice("foreign"u8);
        await raw.RefusedAsync(StatusCode.InvalidArgument, "a node whose key another root signed", () => raw.Accounts.RegisterNodeAsync(
            RegisterNode(w, alice.User.Root.Identifier, foreign, signer: alice.User.RootKey)).ResponseAsync);
        var removeSignedByBob = RemoveNode(w, alice.User.Root.Identifier, aliceNode, bob.User.RootKey);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "node removal signed by another user's root", () => raw.Accounts.RemoveNodeAsync(removeSignedByBob).ResponseAsync);
        var takeover = new RegisterUserRequest
        {
            RootIdentifier = ByteString.CopyFrom(alice.User.Root.Identifier),
            RootPublicKey = ByteString.CopyFrom(bob.User.Root.PublicKey.Encoded),
            Signature = ByteString.CopyFrom(w.Recorder.Sign(bob.User.RootKey, RequestSignatures.RegisterUser(alice.User.Root.Identifier, bob.User.Root.PublicKey.Encoded))),
        };
        await raw.RefusedAsync(StatusCode.AlreadyExists, "registering a taken root identifier with another key", () => raw.Accounts.RegisterUserAsync(takeover).ResponseAsync);

        raw.AssertAllRefused();
        SqliteSnapshot.AssertEqual(before, await SqliteSnapshot.TakeAsync(w.Cluster));

        // Bob's offline device still has its packet.
        await bob[1].ConnectAsync();
        Assert.Equal(queued.MessageId, (await bob[1].NextAsync()).MessageId);
    });

    [Fact]
    public Task Root_signed_requests_are_carried_out_once_and_a_removed_device_is_locked_out() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 2);
        var bob = await w.UserAsync("bob", 1);
        var raw = new Raw(w.Cluster.Channel);
        var removedToken = await alice[1].Session.TokenAsync(CancellationToken.None);

        var removal = RemoveNode(w, alice.User.Root.Identifier, alice[1].Device.Chain.Node.Identifier, alice.User.RootKey);
        await raw.Accounts.RemoveNodeAsync(removal);
        await raw.RefusedAsync(StatusCode.AlreadyExists, "replayed node removal", () => raw.Accounts.RemoveNodeAsync(removal).ResponseAsync);
        await raw.RefusedAsync(StatusCode.Unauthenticated, "token of a removed node", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(removedToken)).ResponseAsync);
        await raw.RefusedAsync(StatusCode.NotFound, "challenge for a removed node", () => raw.Auth.CreateChallengeAsync(
            new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(alice[1].Device.Chain.Node.Identifier) }).ResponseAsync);

        using var third = alice.User.EnrollDevice("third"u8);
        var registration = RegisterNode(w, alice.User.Root.Identifier, third, alice.User.RootKey);
        await raw.Accounts.RegisterNodeAsync(registration);
        await raw.RefusedAsync(StatusCode.AlreadyExists, "replayed node registration", () => raw.Accounts.RegisterNodeAsync(registration).ResponseAsync);
        raw.AssertAllRefused();

        // Bob's next send sees the new node set: the removed device is gone, the new one (no keys yet) gets nothing.
        bob[0].InvalidateProfile(alice.RootHex);
        var sent = await bob[0].SendAsync(alice.Root, w.Text("after the change"));
        Assert.DoesNotContain(sent.Deliveries, d => d.NodeIdentifierHex == alice[1].NodeIdentifierHex);
        Assert.Contains(sent.Deliveries, d => d.NodeIdentifierHex == third.Chain.Node.IdentifierHex && d.State == DeliveryState.KeyUnavailable);
        Assert.Equal(sent.MessageId, (await alice[0].NextAsync()).MessageId);
    });

    [Fact]
    public Task A_token_works_at_every_gateway_until_it_expires_and_the_client_renews_its_own() => Run(async w =>
    {
        var shortLived = await w.Cluster.StartGatewayAsync(new Dictionary<string, string> { ["Gateway__TokenLifetime"] = "00:00:03" });
        var lifetime = TimeSpan.FromSeconds(3);
        var beforeFirstToken = DateTime.UtcNow;
        var alice = await w.UserAsync("alice", 1, channel: shortLived);
        var bob = await w.UserAsync("bob", 1);
        var raw = new Raw(w.Cluster.Channel);
        var rawShort = new Raw(shortLived);
        var token = await alice[0].Session.TokenAsync(CancellationToken.None);

        // Issued by one gateway, accepted by the other: they share the token secret.
        await raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(token));

        // The client keeps working across several lifetimes of its token: it sends until it has renewed twice on its
        // own (a positive event, however slow the machine), every send accepted.
        var sent = new List<string>();
        while (alice[0].Session.TokensIssued < 3)
        {
            Assert.True(sent.Count < 200, $"no second renewal after {sent.Count} sends ({alice[0].Session.TokensIssued} tokens)");
            var result = await alice[0].SendAsync(bob.Root, w.Text($"across tokens {sent.Count}"));
            Assert.True(result.AllQueued, string.Join("; ", result.Failures));
            sent.Add(result.MessageId);
            await Task.Delay(100);
        }
        Assert.Equal(sent, (await bob[0].TakeAsync(sent.Count)).Select(m => m.MessageId));

        // The first token is accepted until it expires and refused from then on, at both gateways. Its expiry is
        // awaited as an event (the first refusal), and that event may not come before the lifetime has passed.
        DateTime refusedAt;
        while (true)
        {
            try
            {
                await raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(token));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                refusedAt = DateTime.UtcNow;
                break;
            }
            Assert.True(DateTime.UtcNow < beforeFirstToken + lifetime + TimeSpan.FromSeconds(30), "the token was never refused");
            await Task.Delay(100);
        }
        Assert.True(refusedAt >= beforeFirstToken + lifetime, $"refused {(refusedAt - beforeFirstToken).TotalSeconds:F1} s after it was requested, before its {lifetime.TotalSeconds} s lifetime");
        await raw.RefusedAsync(StatusCode.Unauthenticated, "expired token at the other gateway", () => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(token)).ResponseAsync);
        await rawShort.RefusedAsync(StatusCode.Unauthenticated, "expired token at the issuing gateway", () => rawShort.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer(token)).ResponseAsync);
        raw.AssertAllRefused();
        rawShort.AssertAllRefused();
    });

    private static EphemeralKey Wire(Protocol.Identity.SignedEphemeralKey key) => new()
    {
        KeyId = key.KeyId,
        PublicKey = ByteString.CopyFrom(key.PublicKey.Encoded),
        Signature = ByteString.CopyFrom(key.NodeSignature),
    };

    private static RegisterNodeRequest RegisterNode(World w, byte[] root, Protocol.Enrollment.EnrolledDevice device, Protocol.Crypto.EcKeyPair signer)
    {
        var node = device.Chain.Node;
        var issuedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var signed = RequestSignatures.RegisterNode(root, node.Identifier, node.PublicKey.Encoded, node.RootSignature, device.DevId, issuedAt);
        return new RegisterNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(root),
            Node = new NodeRecord
            {
                NodeIdentifier = ByteString.CopyFrom(node.Identifier),
                NodePublicKey = ByteString.CopyFrom(node.PublicKey.Encoded),
                NodeSignature = ByteString.CopyFrom(node.RootSignature),
                DevId = ByteString.CopyFrom(device.DevId),
            },
            IssuedAtUnixMs = issuedAt,
            Signature = ByteString.CopyFrom(w.Recorder.Sign(signer, signed)),
        };
    }

    private static RemoveNodeRequest RemoveNode(World w, byte[] root, byte[] node, Protocol.Crypto.EcKeyPair signer)
    {
        var issuedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new RemoveNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(root),
            NodeIdentifier = ByteString.CopyFrom(node),
            IssuedAtUnixMs = issuedAt,
            Signature = ByteString.CopyFrom(w.Recorder.Sign(signer, RequestSignatures.RemoveNode(root, node, issuedAt))),
        };
    }

    // A token's payload names its node; re-addressing it to another node keeps the MAC, which then no longer fits.
    private static string ForgeForNode(string token, byte[] node)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var payload = Base64Url.DecodeFromChars(parts[1]);
        node.CopyTo(payload, 8);
        return $"{parts[0]}.{Base64Url.EncodeToString(payload)}.{parts[2]}";
    }

    // Acks are sent after hand-over; wait until the mailbox is empty so the snapshot sees a settled store.
    private static async Task WaitForEmptyMailboxAsync(Raw raw, WickrClient device)
    {
        var token = Raw.Bearer(await device.Session.TokenAsync(CancellationToken.None));
        for (var i = 0; i < 100; i++)
        {
            if ((await raw.Messages.FetchPacketsAsync(new FetchPacketsRequest(), token)).Packets.Count == 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the mailbox was not emptied by acknowledgements");
    }
}
