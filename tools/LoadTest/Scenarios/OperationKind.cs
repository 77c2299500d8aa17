namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>What one scheduled operation of a sender does.</summary>
internal enum OperationKind
{
    /// <summary>A real send (WickrClient.SendAsync): profile, one claimed key per recipient device, encode, queue.</summary>
    Send,

    /// <summary>Claims one key per recipient device and sends nothing (WickrClient.ClaimKeysAsync): a stranger draining pools.</summary>
    Claim,
}
