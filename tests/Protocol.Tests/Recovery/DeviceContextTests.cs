using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>The "ctx" protobuf: a device's storage keys and its chain with both private keys.</summary>
public sealed class DeviceContextTests
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    [Fact]
    public void Round_trips_byte_for_byte_with_a_validating_chain()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        var encoded = device.Context.Encode();
        using var decoded = DeviceContext.Decode(Suite, encoded);
        decoded.Chain.Validate(Suite, user.Root);
        Assert.Equal(encoded, decoded.Encode());
        Assert.Equal(device.Chain.Encode(), decoded.Chain.Encode());
        Assert.True(decoded.NodeKey.PublicKey.Equals(device.NodeKey.PublicKey));
        Assert.True(decoded.RootKey.PublicKey.Equals(user.RootKey.PublicKey));
    }

    [Fact]
    public void A_public_chain_is_not_a_context()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        var publicContext = Concat(Field(1, device.StorageKeys.Encode()), Field(2, device.Chain.Encode()));
        var ex = Assert.Throws<WickrException>(() => DeviceContext.Decode(Suite, publicContext));
        Assert.Equal(WickrError.Parse, ex.Error);
    }

    [Fact]
    public void A_node_signed_by_another_root_is_Signature()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        using var stranger = Suite.GenerateKeyPair();
        var forged = Suite.Sign(stranger, device.NodeKey.PublicKey.Encoded);
        var encoded = device.Context.Encode();
        var at = encoded.AsSpan().IndexOf(device.Chain.Node.RootSignature);
        Assert.True(at > 0);
        forged.CopyTo(encoded, at);
        DeviceContext? decoded = null;
        var ex = Assert.Throws<WickrException>(() => decoded = DeviceContext.Decode(Suite, encoded));
        Assert.Equal(WickrError.Signature, ex.Error);
        Assert.Null(decoded);
    }

    [Fact]
    public void Keys_that_do_not_belong_to_the_chain_are_refused()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        using var other = Suite.GenerateKeyPair();
        var storage = new StorageKeys(CipherKey.Generate(), CipherKey.Generate());
        var ex = Assert.Throws<WickrException>(() => new DeviceContext(device.Chain, other, device.NodeKey, storage));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
        ex = Assert.Throws<WickrException>(() => new DeviceContext(device.Chain, device.Context.RootKey, other, storage));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
        storage.Dispose();
    }

    [Fact]
    public void Every_truncation_is_a_typed_error()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        var encoded = device.Context.Encode();
        for (var length = 0; length < encoded.Length; length += 7)
        {
            var ex = Assert.Throws<WickrException>(() => DeviceContext.Decode(Suite, encoded[..length]));
            Assert.True(ex.Error is WickrError.Parse or WickrError.Signature, $"truncated to {length}: {ex.Error}");
        }
    }

    [Fact]
    public void Bit_flips_never_give_a_different_context()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-a"u8);
        var encoded = device.Context.Encode();
        for (var i = 0; i < encoded.Length; i += 13)
        {
            var flipped = (byte[])encoded.Clone();
            flipped[i] ^= (byte)(1 << (i % 8));
            try
            {
                using var decoded = DeviceContext.Decode(Suite, flipped);

                // A flip inside a storage key or an identifier is not detectable by the format itself (the
                // passphrase seal's GCM tag protects it in an export); anything that decodes still has a valid chain.
                decoded.Chain.Validate(Suite);
            }
            catch (WickrException ex)
            {
                Assert.True(ex.Error is WickrError.Parse or WickrError.Signature, $"flip at {i}: {ex.Error}");
            }
        }
    }

    [Fact]
    public void Random_bytes_are_Parse()
    {
        var ex = Assert.Throws<WickrException>(() => DeviceContext.Decode(Suite, RandomNumberGenerator.GetBytes(800)));
        Assert.Equal(WickrError.Parse, ex.Error);
    }

    private static byte[] Field(int number, byte[] value)
    {
        var length = value.Length;
        var header = new List<byte> { (byte)((number << 3) | 2) };
        while (length >= 0x80)
        {
            header.Add((byte)(length | 0x80));
            length >>= 7;
        }

        header.Add((byte)length);
        return [.. header, .. value];
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
