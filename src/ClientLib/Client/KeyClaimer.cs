using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Steps 1-3 of the paper's "Sending a Message": the recipients' profiles (their roots checked against the pins),
/// the union of their nodes and this user's other nodes, and one ephemeral key claimed per node.
/// </summary>
internal sealed class KeyClaimer(GatewayCalls gateway, EnrolledDevice device, WickrClientOptions options, ProfileCache profiles, TrustStore trust)
{
    private const int ProfileFetchesAtOnce = 16;

    /// <summary>Every user a send to <paramref name="recipientRootIdentifiers"/> reaches, by root hex: this device's own user first.</summary>
    public Dictionary<string, byte[]> UsersOf(IReadOnlyCollection<byte[]> recipientRootIdentifiers, string what)
    {
        ArgumentNullException.ThrowIfNull(recipientRootIdentifiers);
        if (recipientRootIdentifiers.Count == 0)
        {
            throw new WickrException(WickrError.InvalidArgument, $"a {what} needs at least one recipient user");
        }
        var users = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [device.Chain.Root.IdentifierHex] = device.Chain.Root.Identifier };
        foreach (var root in recipientRootIdentifiers)
        {
            users.TryAdd(RootId.From(root).ToString(), root);
        }
        return users;
    }

    /// <summary>Claims a key for every node the send reaches and sends nothing: each one-time key claimed is gone from its pool.</summary>
    public async Task<IReadOnlyList<KeyClaim>> ClaimKeysAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, CancellationToken cancellationToken)
    {
        var targets = await ResolveAsync(UsersOf(recipientRootIdentifiers, "claim"), refresh: false, cancellationToken);
        var claims = await ClaimAsync(targets.Keys, cancellationToken);
        var outcomes = new List<KeyClaim>(targets.Count);
        foreach (var (nodeHex, target) in targets)
        {
            var rootHex = target.Profile.RootIdentifierHex;
            outcomes.Add(!claims.TryGetValue(nodeHex, out var claim)
                ? new KeyClaim(rootHex, nodeHex, KeyClaimOutcome.Refused, 0, StatusCode.Internal, "the gateway returned no key for the node")
                : claim.Key is null
                    ? new KeyClaim(rootHex, nodeHex, KeyClaimOutcome.Refused, 0, (StatusCode)claim.ErrorCode, claim.ErrorMessage)
                    : new KeyClaim(rootHex, nodeHex, claim.LastResort ? KeyClaimOutcome.LastResort : KeyClaimOutcome.OneTime, claim.Key.KeyId, StatusCode.OK, string.Empty));
        }
        return outcomes;
    }

    /// <summary>
    /// Claims a key for each of <paramref name="nodes"/> (of <paramref name="targets"/>). A node that is gone means its
    /// user's node set changed: that user's profile is fetched again, vanished nodes leave <paramref name="targets"/>
    /// and new ones join it with a claim of their own.
    /// </summary>
    public async Task<Dictionary<string, ClaimedKey>> ClaimForSendAsync(
        IReadOnlyDictionary<string, byte[]> users, Dictionary<string, NodeTarget> targets, IReadOnlyCollection<string> nodes, CancellationToken cancellationToken)
    {
        var claims = await ClaimAsync(nodes, cancellationToken);
        var gone = claims.Values.Where(c => c.ErrorCode == (int)StatusCode.NotFound).Select(c => targets[Hex(c.NodeIdentifier)].Profile.RootIdentifierHex).ToHashSet();
        if (gone.Count == 0)
        {
            return claims;
        }
        var refreshed = await ResolveAsync(users.Where(u => gone.Contains(u.Key)).ToDictionary(), refresh: true, cancellationToken);
        foreach (var node in targets.Where(t => gone.Contains(t.Value.Profile.RootIdentifierHex)).Select(t => t.Key).ToList())
        {
            if (!refreshed.ContainsKey(node))
            {
                targets.Remove(node);
                claims.Remove(node);
            }
        }
        var added = refreshed.Keys.Where(n => !targets.ContainsKey(n)).ToList();
        foreach (var node in added)
        {
            targets[node] = refreshed[node];
        }
        foreach (var (node, claim) in await ClaimAsync(added, cancellationToken))
        {
            claims[node] = claim;
        }
        return claims;
    }

    /// <summary>The nodes of <paramref name="users"/> other than this one, by node hex; throws (Chain) when a user's root is not the pinned one.</summary>
    public async Task<Dictionary<string, NodeTarget>> ResolveAsync(IReadOnlyDictionary<string, byte[]> users, bool refresh, CancellationToken cancellationToken)
    {
        var targets = new Dictionary<string, NodeTarget>(StringComparer.Ordinal);
        // A room's members' profiles are fetched a few at a time (most come from the cache), in the users' order.
        var fetched = new List<PeerProfile>(users.Count);
        foreach (var batch in users.Values.Chunk(ProfileFetchesAtOnce))
        {
            fetched.AddRange(await Task.WhenAll(batch.Select(root => profiles.GetAsync(root, refresh, cancellationToken))));
        }
        foreach (var profile in fetched)
        {
            var rootHex = profile.RootIdentifierHex;
            // Step 4c: PKr is the expected user's root, i.e. the one pinned on first contact.
            if (trust.Check(profile.Root) == PinStatus.Mismatch)
            {
                throw new WickrException(WickrError.Chain, $"user {rootHex} presents a root key other than the pinned one");
            }
            foreach (var node in profile.Nodes)
            {
                if (node.IdentifierHex != device.Chain.Node.IdentifierHex)
                {
                    targets[node.IdentifierHex] = new NodeTarget(profile, node);
                }
            }
        }
        return targets;
    }

    private async Task<Dictionary<string, ClaimedKey>> ClaimAsync(IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        // A room's claims (one call per 500 nodes) side by side, as its packets go.
        var replies = await CallsInFlight.RunAsync(nodes.Chunk(options.NodesPerRequest).Select(chunk => (Func<Task<IEnumerable<ClaimedKey>>>)(() =>
            ClaimFromEveryNodeAsync([.. chunk.Select(n => ByteString.CopyFrom(Convert.FromHexString(n)))], cancellationToken))),
            options.SendRequestsInFlight, cancellationToken);
        var claims = new Dictionary<string, ClaimedKey>(StringComparer.Ordinal);
        foreach (var claim in replies.SelectMany(r => r))
        {
            claims[Hex(claim.NodeIdentifier)] = claim;
        }
        return claims;
    }

    // A node whose pool grain could not be reached (a silo restarting, a grain moving) is asked again.
    private async Task<IEnumerable<ClaimedKey>> ClaimFromEveryNodeAsync(IReadOnlyCollection<ByteString> nodes, CancellationToken cancellationToken) =>
        await NodeRetries.AskAsync(nodes, async asked =>
        {
            var request = new ClaimKeysRequest();
            request.NodeIdentifiers.AddRange(asked);
            return (await gateway.CallAsync(o => gateway.Keys.ClaimKeysAsync(request, o), cancellationToken)).Keys.AsEnumerable();
        }, claim => claim.Key is null && GatewayCalls.IsTransient((StatusCode)claim.ErrorCode) ? claim.NodeIdentifier : null, options, cancellationToken);

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
