using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>Spends a sender's budget as its sends would, through <see cref="ISenderGrain.SendAsync"/>.</summary>
public static class SenderBudget
{
    /// <summary>
    /// One send from <paramref name="sender"/> of a <paramref name="packetBytes"/>-byte packet to <paramref name="deliveries"/>
    /// made-up nodes: it costs the node's and the user's budgets that many deliveries and packet size times deliveries in
    /// bytes, and queues nothing (each node is answered NOT_FOUND). A send to at most <see cref="SendLease.MaxRecipients"/>
    /// nodes may earn a lease as well, which costs the budget too.
    /// </summary>
    public static async Task<SendOutcome> SpendAsync(this ISenderGrain grain, Sender sender, int deliveries, int packetBytes = 1)
    {
        var recipients = Enumerable.Range(0, deliveries).Select(_ => TestData.NodeId()).ToArray();
        var outcome = await grain.SendAsync(sender.Envelope("spent", TestData.Packet(packetBytes)), recipients);
        Assert.All(outcome.Deliveries, d => Assert.Equal(ClusterErrorCode.NotFound, d.ErrorCode));
        return outcome;
    }
}
