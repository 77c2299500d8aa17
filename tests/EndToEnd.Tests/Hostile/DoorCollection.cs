
namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>The hostile front-door tests share one cluster (<see cref="DoorClusterFixture"/>) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DoorCollection : ICollectionFixture<DoorClusterFixture>
{
    public const string Name = "Hostile front door";
}
