using Grpc.Core;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Turns the <c>authorization: Bearer</c> header of a [device] call into a <see cref="DeviceCaller"/>: the token's MAC
/// and expiry are checked locally, then the node's chain confirms the node is still registered with the same root and
/// key. The chain comes from <see cref="NodeChainCache"/> (no grain call) or, on a miss, from the node grain, so a
/// removed node's tokens stop working within <see cref="GatewayOptions.NodeCacheBound"/>.
/// </summary>
internal sealed class DeviceAuthenticator(DeviceTokens tokens, IGrainFactory grains, NodeChainCache cache, GatewayMetrics metrics)
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

        var cached = cache.TryGet(token!.NodeIdentifier, out var entry);
        if (!cached || !Matches(entry, token))
        {
            // A miss, or a cached chain the token does not match (the node may have been registered again since).
            var generation = cache.Generation;
            try
            {
                entry = cache.Add(await grains.GetNodeGrain(token.NodeIdentifier).GetChainAsync(), generation);
            }
            catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
            {
                throw Fail("node_removed", "The token's node is no longer registered.");
            }

            if (!Matches(entry, token))
            {
                throw Fail("node_changed", "The token's node has been registered again with other keys; authenticate again.");
            }
        }

        return new DeviceCaller(entry.Chain, entry.NodeKey) { TokenExpiresAt = token.ExpiresAt };
    }

    /// <summary>This gateway carried out the node's removal: refuse its tokens from now on.</summary>
    public void Forget(byte[] nodeIdentifier) => cache.Forget(nodeIdentifier);

    private static bool Matches(NodeChainCacheEntry entry, DeviceToken token) =>
        entry.Chain.RootIdentifier.AsSpan().SequenceEqual(token.RootIdentifier)
        && entry.NodeKeyFingerprint.AsSpan().SequenceEqual(token.NodeKeyFingerprint);

    private RpcException Fail(string reason, string message)
    {
        metrics.AuthFailed(reason);
        return GatewayErrors.Unauthenticated(message);
    }
}
