using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Users;

/// <summary>The persisted user: root key and nodes. Small; the recovery bundle is stored apart.</summary>
[Alias("wickr.user-state.v1")]
[GenerateSerializer]
internal sealed class UserState
{
    [Id(0)]
    public byte[]? RootPublicKey { get; set; }

    [Id(1)]
    public List<NodeRegistration> Nodes { get; set; } = [];
}
