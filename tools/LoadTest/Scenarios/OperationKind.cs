namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>What one scheduled operation of a sender does.</summary>
internal enum OperationKind
{
    /// <summary>A real send (WickrClient.SendAsync): profile, one claimed key per recipient device, encode, queue.</summary>
    Send,

    /// <summary>Claims one key per recipient device and sends nothing (WickrClient.ClaimKeysAsync): a stranger draining pools.</summary>
    Claim,

    /// <summary>
    /// A message to a room: a random online member's device sends one group message (GroupConversations) to every
    /// device of every member; <see cref="Scenario.Recipients"/> are the members, each with
    /// <see cref="Scenario.DevicesPerMember"/> devices, and <see cref="Scenario.Senders"/> is not used.
    /// </summary>
    Room,
}
