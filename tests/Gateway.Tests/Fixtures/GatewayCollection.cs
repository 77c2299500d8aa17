namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>Every test that needs the cluster shares one fixture and runs one at a time (the clock is shared).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
