namespace Wickr.Cluster.ClientLib.Client;

/// <summary>What a claim for one node got.</summary>
public enum KeyClaimOutcome
{
    /// <summary>A one-time key, now gone from the node's pool.</summary>
    OneTime,

    /// <summary>The node's pool was empty: its last-resort key.</summary>
    LastResort,

    /// <summary>Nothing: the gateway refused the claim for the node (rate limit, empty pool without last-resort key, node gone).</summary>
    Refused,
}
