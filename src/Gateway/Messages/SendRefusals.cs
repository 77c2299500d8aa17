using System.Collections.Concurrent;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The sending nodes whose send budget their sender grain refused, until the retry-after it gave. A send from such a
/// node is refused here with the same answer (RESOURCE_EXHAUSTED, retry-after-ms) before its signature is checked and
/// before its packet travels to the silo: a flood costs the cluster one grain call per node per retry-after window,
/// not one per packet. The grain stays the authority; this gateway only repeats its last answer while it holds.
/// </summary>
internal sealed class SendRefusals([FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    /// <summary>Nodes remembered at most; past it the table starts over (a bound on memory, not a policy).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>Throws the sender grain's last refusal of this node if its retry-after has not passed yet.</summary>
    public void ThrowIfRefused(byte[] senderNodeIdentifier)
    {
        var key = GrainKeys.ForNode(senderNodeIdentifier);
        if (!_until.TryGetValue(key, out var until))
        {
            return;
        }

        var wait = until - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            _until.TryRemove(KeyValuePair.Create(key, until));
            return;
        }

        throw ClusterException.SendBudgetSpent(wait);
    }

    /// <summary>Remembers a refusal the sender grain gave this node.</summary>
    public void Remember(byte[] senderNodeIdentifier, TimeSpan retryAfter)
    {
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        if (_until.Count >= MaxEntries)
        {
            _until.Clear();
        }

        _until[GrainKeys.ForNode(senderNodeIdentifier)] = time.GetUtcNow() + retryAfter;
    }
}
