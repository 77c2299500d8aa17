using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.Users;

/// <summary>The persisted sealed recovery bundle, apart from the user state so node changes never rewrite it.</summary>
[GenerateSerializer]
internal sealed class RecoveryState
{
    [Id(0)]
    public byte[]? SealedBundle { get; set; }
}
