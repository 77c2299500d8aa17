using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Gateway.Validation;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>
/// Auth: stateless, MAC-protected, time-boxed challenge (<see cref="ChallengeNonces"/>) → node-key signature → token.
/// A nonce is used up only by an answer whose signature verifies, so a stranger can neither exhaust nor burn a node's
/// challenges.
/// </summary>
internal sealed class AuthService(
    IGrainFactory grains, DeviceTokens tokens, ChallengeNonces challenges, GatewayMetrics metrics, SignatureChecks signatureChecks)
    : Api.V1.Auth.AuthBase
{
    public override async Task<CreateChallengeResponse> CreateChallenge(CreateChallengeRequest request, ServerCallContext context)
    {
        var nodeIdentifier = Door.NodeIdentifier(request.NodeIdentifier, "node_identifier");
        await RequireRegisteredAsync(nodeIdentifier);
        var (nonce, expiresAt) = challenges.Issue(nodeIdentifier);
        return new CreateChallengeResponse
        {
            Nonce = ByteString.CopyFrom(nonce),
            ExpiresAtUnixMs = expiresAt.ToUnixTimeMilliseconds(),
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
        if (!challenges.TryVerify(nodeIdentifier, nonce, out var expiresAt))
        {
            metrics.AuthFailed("bad_nonce");
            throw GatewayErrors.Unauthenticated(
                "nonce: the nonce was not issued for this node or has expired; ask for a new one with CreateChallenge.");
        }

        var chain = await RequireRegisteredAsync(nodeIdentifier);
        signatureChecks.Admit(context);
        using (var nodeKey = EcPublicKey.Decode(chain.Node.NodePublicKey))
        {
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
        }

        // Only now, with the node's own signature checked, is the nonce used up: only the node can fill this set.
        if (!await grains.GetGrain<IAuthReplayGrain>(GrainKeys.ForNode(nodeIdentifier)).TryUseAsync(nonce, expiresAt))
        {
            metrics.AuthFailed("bad_nonce");
            throw GatewayErrors.Unauthenticated("nonce: the nonce was already used; ask for a new one with CreateChallenge.");
        }

        var (token, tokenExpiresAt) = tokens.Issue(nodeIdentifier, chain.RootIdentifier, chain.Node.NodePublicKey);
        return new CreateTokenResponse { Token = token, ExpiresAtUnixMs = tokenExpiresAt.ToUnixTimeMilliseconds() };
    }

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
