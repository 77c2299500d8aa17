using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Tests.Services;

[Collection(GatewayCollection.Name)]
public sealed class AuthServiceTests(GatewayFixture fixture)
{
    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_signed_challenge_gives_a_token_that_device_calls_accept()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        Assert.Equal(32, challenge.Nonce.Length);
        Assert.Equal((fixture.Time.GetUtcNow() + TestLimits.ChallengeLifetime).ToUnixTimeMilliseconds(), challenge.ExpiresAtUnixMs);

        var token = await Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span)));
        Assert.Equal((fixture.Time.GetUtcNow() + TestLimits.TokenLifetime).ToUnixTimeMilliseconds(), token.ExpiresAtUnixMs);
        device.Token = token.Token;

        var status = await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        Assert.Equal(0, status.Status.Count);
    }

    [Fact]
    public async Task A_challenge_for_an_unknown_node_is_not_found()
    {
        var request = new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) };
        await RpcAssert.FailsAsync(StatusCode.NotFound, "node_identifier", () => Clients.Auth.CreateChallengeAsync(request));
    }

    [Fact]
    public async Task A_challenge_for_a_malformed_node_identifier_is_invalid()
    {
        var request = new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(new byte[31]) };
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "32 bytes, not 31", () => Clients.Auth.CreateChallengeAsync(request));
    }

    [Fact]
    public async Task A_forged_signature_is_unauthenticated_and_does_not_use_the_nonce_up()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        using var otherKey = EcKeyPair.Generate();
        var forged = EcdsaSignature.Sign(otherKey, Protocol.RequestSignatures.Auth(device.NodeIdentifier, challenge.Nonce.Span));

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "does not verify with the node key",
            () => Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, forged)));

        // A stranger's forged answer burns nothing: the device's own answer still buys its token.
        await Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span)));
    }

    [Fact]
    public async Task A_signature_over_another_nodes_challenge_is_refused()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var other = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(other));

        // The other node's nonce is bound to that node by its MAC.
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued for this node",
            () => Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span))));
    }

    [Fact]
    public async Task A_replayed_challenge_answer_is_unauthenticated()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        var answer = Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span));
        await Clients.Auth.CreateTokenAsync(answer);

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "already used", () => Clients.Auth.CreateTokenAsync(answer));
    }

    [Fact]
    public async Task An_expired_challenge_is_unauthenticated()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        fixture.Time.Advance(TestLimits.ChallengeLifetime + TimeSpan.FromSeconds(1));

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "expired",
            () => Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span))));
    }

    [Fact]
    public async Task A_malformed_answer_is_invalid()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        var signature = device.SignChallenge(challenge.Nonce.Span);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "nonce",
            () => Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce.Span[..31].ToArray(), signature)));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "signature: a signature has 143 bytes, not 142",
            () => Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, signature[..142])));

        // Nothing was used up by the refusals: the nonce still buys a token.
        await Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, signature));
    }

    [Fact]
    public async Task Any_number_of_challenges_leaves_the_node_able_to_log_in_and_forged_nonces_are_refused()
    {
        var device = await Clients.NewDeviceAsync(authenticate: false);
        for (var i = 0; i < 200; i++)
        {
            await Clients.Auth.CreateChallengeAsync(Challenge(device));
        }

        var challenge = await Clients.Auth.CreateChallengeAsync(Challenge(device));
        var forged = challenge.Nonce.ToByteArray();
        forged[^1] ^= 1;
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued for this node",
            () => Clients.Auth.CreateTokenAsync(Answer(device, forged, device.SignChallenge(forged))));
        var later = challenge.Nonce.ToByteArray();
        later[0] ^= 1;
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued for this node",
            () => Clients.Auth.CreateTokenAsync(Answer(device, later, device.SignChallenge(later))));

        await Clients.Auth.CreateTokenAsync(Answer(device, challenge.Nonce, device.SignChallenge(challenge.Nonce.Span)));
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated()
    {
        var device = await Clients.NewDeviceAsync();
        fixture.Time.Advance(TestLimits.TokenLifetime - TimeSpan.FromSeconds(1));
        await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);

        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "expired",
            () => Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));
    }

    [Fact]
    public async Task Missing_malformed_and_tampered_tokens_are_unauthenticated()
    {
        var device = await Clients.NewDeviceAsync();
        var request = new GetPoolStatusRequest();

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "authorization: Bearer",
            () => Clients.Keys.GetPoolStatusAsync(request));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "must be 'Bearer",
            () => Clients.Keys.GetPoolStatusAsync(request, new Metadata { { "authorization", "Basic abc" } }));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "malformed",
            () => Clients.Keys.GetPoolStatusAsync(request, new Metadata { { "authorization", "Bearer wc1.!!" } }));

        // Claim another node in the payload: the MAC no longer matches.
        var other = await Clients.NewDeviceAsync(authenticate: false);
        var parts = device.Token!.Split('.');
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
        other.NodeIdentifier.CopyTo(payload, 8);
        var forged = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(payload)}.{parts[2]}";
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued by this cluster",
            () => Clients.Keys.GetPoolStatusAsync(request, new Metadata { { "authorization", "Bearer " + forged } }));
    }

    [Fact]
    public async Task Tokens_verify_on_every_gateway_with_the_same_secret_and_on_no_other()
    {
        await using var twin = await GatewayHost.StartAsync(fixture.Client, fixture.Time, GatewayHost.Settings(fixture.TokenSecret));
        await using var stranger = await GatewayHost.StartAsync(
            fixture.Client, fixture.Time, GatewayHost.Settings(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var twinClients = new TestClients(twin.Channel, fixture.Time);
        var strangerClients = new TestClients(stranger.Channel, fixture.Time);

        var device = await Clients.NewDeviceAsync();
        await twinClients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued by this cluster",
            () => strangerClients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));

        // And a token of the stranger is refused here.
        await strangerClients.AuthenticateAsync(device);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "not issued by this cluster",
            () => Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));
    }

    [Fact]
    public async Task A_token_stops_working_when_its_node_is_removed()
    {
        var device = await Clients.NewDeviceAsync();
        await Clients.Accounts.RemoveNodeAsync(device.User.RemoveNodeRequest(device, fixture.Time.GetUtcNow()));

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "no longer registered",
            () => Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "no longer registered",
            () => Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), device.Headers));
        await RpcAssert.FailsAsync(StatusCode.NotFound, "node_identifier",
            () => Clients.Auth.CreateChallengeAsync(Challenge(device)));
    }

    [Fact]
    public async Task A_token_stops_working_when_its_node_is_registered_again_with_another_key()
    {
        var device = await Clients.NewDeviceAsync();
        var user = device.User;
        await Clients.Accounts.RemoveNodeAsync(user.RemoveNodeRequest(device, fixture.Time.GetUtcNow()));

        // Same node identifier, new node key.
        var reborn = user.NewDevice();
        device.NodeIdentifier.CopyTo(reborn.NodeIdentifier, 0);
        await Clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(reborn, fixture.Time.GetUtcNow()));

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, "registered again",
            () => Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers));
        await Clients.AuthenticateAsync(reborn);
        await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), reborn.Headers);
    }

    private static CreateChallengeRequest Challenge(TestDevice device) =>
        new() { NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier) };

    private static CreateTokenRequest Answer(TestDevice device, ByteString nonce, byte[] signature) =>
        Answer(device, nonce.ToByteArray(), signature);

    private static CreateTokenRequest Answer(TestDevice device, byte[] nonce, byte[] signature) => new()
    {
        NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier),
        Nonce = ByteString.CopyFrom(nonce),
        Signature = ByteString.CopyFrom(signature),
    };
}
