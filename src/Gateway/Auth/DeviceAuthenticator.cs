using Grpc.Core;
using Wickr.Cluster.Contracts;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Turns the <c>authorization: Bearer</c> header of a [device] call into a <see cref="DeviceCaller"/>: the token's MAC
/// and expiry are checked locally, then the node grain confirms the node is still registered with the same root and key
/// (so a removed node's tokens stop working at once).
/// </summary>
internal sealed class DeviceAuthenticator(DeviceTokens tokens, IGrainFactory grains, GatewayMetrics metrics)
{
    private const string Scheme = "Bearer ";

    public async Task<DeviceCaller> AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw Fail("missing", "This call needs the header 'authorization: Bearer <token>' (see Auth.CreateToken).");
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail("malformed", "The authorization header must be 'Bearer <token>'.");
        }

        if (!tokens.TryVerify(header[Scheme.Length..].Trim(), out var token, out var failure))
        {
            throw failure switch
            {
                "expired" => Fail(failure, "The token has expired; obtain a new one with Auth.CreateChallenge and Auth.CreateToken."),
                "bad_signature" => Fail(failure, "The token was not issued by this cluster (bad signature)."),
                _ => Fail(failure, "The token is malformed."),
            };
        }

        NodeChain chain;
        try
        {
            chain = await grains.GetNodeGrain(token!.NodeIdentifier).GetChainAsync();
        }
        catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
        {
            throw Fail("node_removed", "The token's node is no longer registered.");
        }

        if (!chain.RootIdentifier.AsSpan().SequenceEqual(token.RootIdentifier)
            || !DeviceTokens.Fingerprint(chain.Node.NodePublicKey).AsSpan().SequenceEqual(token.NodeKeyFingerprint))
        {
            throw Fail("node_changed", "The token's node has been registered again with other keys; authenticate again.");
        }

        return new DeviceCaller(chain) { TokenExpiresAt = token.ExpiresAt };
    }

    private RpcException Fail(string reason, string message)
    {
        metrics.AuthFailed(reason);
        return GatewayErrors.Unauthenticated(message);
    }
}
