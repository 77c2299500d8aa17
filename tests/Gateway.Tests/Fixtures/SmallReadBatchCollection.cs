namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>The tests of a silo with a small read batch: their own cluster, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SmallReadBatchCollection : ICollectionFixture<SmallReadBatchFixture>
{
    public const string Name = "gateway-small-read-batch";
}
