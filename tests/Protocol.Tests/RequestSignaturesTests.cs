using Wickr.Cluster.Protocol;
using Ascii = System.Text.Encoding;

namespace Wickr.Cluster.Protocol.Tests;

/// <summary>The signed bytes are exactly the ones wickr_cluster.proto describes.</summary>
public sealed class RequestSignaturesTests
{
    private static readonly byte[] Root = [1, 2, 3];
    private static readonly byte[] Node = Enumerable.Repeat((byte)7, 32).ToArray();

    [Fact]
    public void Auth_is_label_node_id_and_nonce()
    {
        byte[] nonce = [9, 9];
        Assert.Equal([.. Ascii.ASCII.GetBytes("wickr-cluster-auth-v1"), .. Node, .. nonce], RequestSignatures.Auth(Node, nonce));
    }

    [Fact]
    public void Register_user_is_label_root_id_and_root_key()
    {
        var key = Enumerable.Repeat((byte)4, 134).ToArray();
        Assert.Equal([.. Ascii.ASCII.GetBytes("wickr-cluster-register-user-v1"), .. Root, .. key], RequestSignatures.RegisterUser(Root, key));
    }

    [Fact]
    public void Register_node_ends_with_the_issue_time_big_endian()
    {
        var key = Enumerable.Repeat((byte)4, 134).ToArray();
        var signature = Enumerable.Repeat((byte)5, 143).ToArray();
        byte[] devId = [6, 6, 6];
        var signed = RequestSignatures.RegisterNode(Root, Node, key, signature, devId, 0x0102030405060708);
        Assert.Equal(
            [.. Ascii.ASCII.GetBytes("wickr-cluster-register-node-v1"), .. Root, .. Node, .. key, .. signature, .. devId, 1, 2, 3, 4, 5, 6, 7, 8],
            signed);
    }

    [Fact]
    public void Remove_node_is_label_root_node_and_time()
    {
        Assert.Equal(
            [.. Ascii.ASCII.GetBytes("wickr-cluster-remove-node-v1"), .. Root, .. Node, 0, 0, 0, 0, 0, 0, 1, 0],
            RequestSignatures.RemoveNode(Root, Node, 256));
    }

    [Fact]
    public void Store_recovery_bundle_is_label_root_the_hashes_of_bundle_and_access_key_and_time()
    {
        byte[] bundle = [1, 1, 1];
        var accessKey = Enumerable.Repeat((byte)2, 32).ToArray();
        Assert.Equal(
            [.. Ascii.ASCII.GetBytes("wickr-cluster-store-recovery-bundle-v1"), .. Root,
                .. System.Security.Cryptography.SHA256.HashData(bundle), .. System.Security.Cryptography.SHA256.HashData(accessKey), 0, 0, 0, 0, 0, 0, 0, 9],
            RequestSignatures.StoreRecoveryBundle(Root, bundle, accessKey, 9));
    }
}
