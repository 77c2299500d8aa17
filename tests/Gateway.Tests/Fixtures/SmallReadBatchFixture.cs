namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>
/// A <see cref="GatewayFixture"/> whose silo is configured with <c>Grains:Mailbox:MaxReadBatch</c> = 50, below the
/// gateway's read batch (<see cref="Protocol.ProtocolLimits.MaxFetchPackets"/>, 100).
/// </summary>
public sealed class SmallReadBatchFixture() : GatewayFixture(new Dictionary<string, string?> { ["Grains:Mailbox:MaxReadBatch"] = "50" })
{
    public const int MaxReadBatch = 50;
}
