namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Claiming keys without sending: the first half of a send, on its own.</summary>
public sealed partial class WickrClient
{
    /// <summary>
    /// Claims one ephemeral key for every device of every user in <paramref name="recipientRootIdentifiers"/> (and of
    /// this user's other devices) exactly as <see cref="SendAsync(IReadOnlyCollection{byte[]}, Packets.PlainMessage, string?, CancellationToken)"/>
    /// does, then sends nothing. Each one-time key claimed is gone from its pool: this is what a sender that never
    /// follows up costs a recipient, which load tests of pool replenishment need to play.
    /// </summary>
    public async Task<IReadOnlyList<KeyClaim>> ClaimKeysAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipientRootIdentifiers);
        if (recipientRootIdentifiers.Count == 0)
        {
            throw new WickrException(WickrError.InvalidArgument, "a claim needs at least one recipient user");
        }
        var users = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [RootIdentifierHex] = Device.Chain.Root.Identifier };
        foreach (var root in recipientRootIdentifiers)
        {
            users.TryAdd(Convert.ToHexStringLower(root), root);
        }
        var targets = await ResolveTargetsAsync(users, refresh: false, cancellationToken);
        var claims = await ClaimAsync(targets.Keys, cancellationToken);
        var outcomes = new List<KeyClaim>(targets.Count);
        foreach (var (nodeHex, target) in targets)
        {
            var rootHex = target.Profile.RootIdentifierHex;
            outcomes.Add(!claims.TryGetValue(nodeHex, out var claim)
                ? new KeyClaim(rootHex, nodeHex, KeyClaimOutcome.Refused, 0, Grpc.Core.StatusCode.Internal, "the gateway returned no key for the node")
                : claim.Key is null
                    ? new KeyClaim(rootHex, nodeHex, KeyClaimOutcome.Refused, 0, (Grpc.Core.StatusCode)claim.ErrorCode, claim.ErrorMessage)
                    : new KeyClaim(rootHex, nodeHex, claim.LastResort ? KeyClaimOutcome.LastResort : KeyClaimOutcome.OneTime, claim.Key.KeyId, Grpc.Core.StatusCode.OK, string.Empty));
        }
        return outcomes;
    }
}
