using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>A user with one node, registered through the user grain as a gateway would.</summary>
public sealed record RegisteredNode(byte[] RootIdentifier, byte[] RootPublicKey, NodeRegistration Node, IUserGrain User, INodeGrain NodeGrain, IEphemeralKeyPoolGrain Pool)
{
    /// <summary>The node grain key (node identifier, lowercase hex), as the stores key the node's rows.</summary>
    public string GrainKey => GrainKeys.ForNode(Node.NodeId);

    public static async Task<RegisteredNode> CreateAsync(IClusterClient client)
    {
        var root = TestData.RootIdentifier();
        var rootPublicKey = TestData.PublicKey();
        var node = TestData.Node();
        var user = client.GetUserGrain(root);
        Assert.True(await user.RegisterAsync(rootPublicKey));
        Assert.True(await user.AddNodeAsync(node));
        return new RegisteredNode(root, rootPublicKey, node, user, client.GetNodeGrain(node.NodeId), client.GetEphemeralKeyPoolGrain(node.NodeId));
    }
}
