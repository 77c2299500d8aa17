using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Crypto;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Contracts.Auth;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Gateway.Validation;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>Auth: challenge (single-use nonce) → node-key signature → short-lived token.</summary>
internal sealed class AuthService(
    IGrainFactory grains, DeviceTokens tokens, IOptions<GatewayOptions> options, GatewayMetrics metrics) : Protocol.V1.Auth.AuthBase
{
    public override async Task<CreateChallengeResponse> CreateChallenge(CreateChallengeRequest request, ServerCallContext context)
    {
        var nodeIdentifier = Door.NodeIdentifier(request.NodeIdentifier, "node_identifier");
        await RequireRegisteredAsync(nodeIdentifier);
        var challenge = await Challenges(nodeIdentifier).IssueAsync(options.Value.ChallengeLifetime);
        return new CreateChallengeResponse
        {
            Nonce = ByteString.CopyFrom(challenge.Nonce),
            ExpiresAtUnixMs = challenge.ExpiresAt.ToUnixTimeMilliseconds(),
        };
    }

    public override async Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context)
    {
        var nodeIdentifier = Door.NodeIdentifier(request.NodeIdentifier, "node_identifier");
        if (request.Nonce.Length != AuthLimits.NonceSize)
        {
            throw GatewayErrors.Invalid($"nonce: a nonce has {AuthLimits.NonceSize} bytes, not {request.Nonce.Length}.");
        }

        var signature = Door.Signature(request.Signature, "signature");
        var nonce = request.Nonce.ToByteArray();

        // Used up before the signature is checked: a nonce buys exactly one attempt, so guessing costs a challenge each.
        if (!await Challenges(nodeIdentifier).TryConsumeAsync(nonce))
        {
            metrics.AuthFailed("bad_nonce");
            throw GatewayErrors.Unauthenticated(
                "nonce: the nonce is unknown, expired or already used; ask for a new one with CreateChallenge.");
        }

        var chain = await RequireRegisteredAsync(nodeIdentifier);
        using var nodeKey = EcPublicKey.Decode(chain.Node.NodePublicKey);
        try
        {
            Door.Verify(nodeKey, RequestSignatures.Auth(nodeIdentifier, nonce), signature, "signature",
                StatusCode.Unauthenticated, "the signature does not verify with the node key.");
        }
        catch (RpcException)
        {
            metrics.AuthFailed("bad_challenge_signature");
            throw;
        }

        var (token, expiresAt) = tokens.Issue(nodeIdentifier, chain.RootIdentifier, chain.Node.NodePublicKey);
        return new CreateTokenResponse { Token = token, ExpiresAtUnixMs = expiresAt.ToUnixTimeMilliseconds() };
    }

    private IAuthChallengeGrain Challenges(byte[] nodeIdentifier) =>
        grains.GetGrain<IAuthChallengeGrain>(GrainKeys.ForNode(nodeIdentifier));

    private async Task<NodeChain> RequireRegisteredAsync(byte[] nodeIdentifier)
    {
        try
        {
            return await grains.GetNodeGrain(nodeIdentifier).GetChainAsync();
        }
        catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
        {
            throw GatewayErrors.NotFound("node_identifier: no node with this identifier is registered.");
        }
    }
}
