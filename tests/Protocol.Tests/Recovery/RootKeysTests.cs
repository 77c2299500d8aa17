using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>The <c>root_keys</c> and <c>storage_keys</c> protobufs: round trips, localization, and malformed input.</summary>
public sealed class RootKeysTests
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    private static byte[] Message(params (int Field, object Value)[] fields)
    {
        // Hand-written protobuf, so malformed messages can be made without this project's writer.
        var bytes = new List<byte>();
        foreach (var (field, value) in fields)
        {
            if (value is byte[] data)
            {
                bytes.Add((byte)((field << 3) | 2));
                var length = data.Length;
                while (length >= 0x80)
                {
                    bytes.Add((byte)(length | 0x80));
                    length >>= 7;
                }

                bytes.Add((byte)length);
                bytes.AddRange(data);
            }
            else
            {
                bytes.Add((byte)(field << 3));
                bytes.Add((byte)(int)value);
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Root_keys_round_trip()
    {
        using var keys = RootKeys.Generate(Suite);
        var encoded = keys.Encode();
        using var decoded = RootKeys.Decode(Suite, encoded);
        Assert.True(decoded.NodeSignatureRoot.PublicKey.Equals(keys.NodeSignatureRoot.PublicKey));
        Assert.Equal(keys.NodeStorageRoot.Key.ToArray(), decoded.NodeStorageRoot.Key.ToArray());
        Assert.Equal(keys.RemoteStorageRoot.Key.ToArray(), decoded.RemoteStorageRoot.Key.ToArray());
        Assert.Equal(encoded, decoded.Encode());
        Assert.Equal(CipherId.Aes256Gcm, decoded.NodeStorageRoot.Cipher);
    }

    [Fact]
    public void Generated_root_keys_are_distinct()
    {
        using var keys = RootKeys.Generate(Suite);
        Assert.False(keys.NodeStorageRoot.Key.SequenceEqual(keys.RemoteStorageRoot.Key));
        using var other = RootKeys.Generate(Suite);
        Assert.False(keys.NodeSignatureRoot.PublicKey.Equals(other.NodeSignatureRoot.PublicKey));
    }

    [Fact]
    public void Localize_is_sha256_of_node_storage_root_and_system_salt_and_copies_the_remote_root()
    {
        using var keys = RootKeys.Generate(Suite);
        var systemSalt = RandomNumberGenerator.GetBytes(32);
        using var storage = keys.Localize(systemSalt);
        Assert.Equal(SHA256.HashData([.. keys.NodeStorageRoot.Key.ToArray(), .. systemSalt]), storage.Local.Key.ToArray());
        Assert.Equal(keys.NodeStorageRoot.Cipher, storage.Local.Cipher);
        Assert.Equal(keys.RemoteStorageRoot.Key.ToArray(), storage.Remote.Key.ToArray());

        using var otherDevice = keys.Localize(RandomNumberGenerator.GetBytes(32));
        Assert.False(storage.Local.Key.SequenceEqual(otherDevice.Local.Key));
    }

    [Fact]
    public void Copy_owns_its_own_keys()
    {
        using var keys = RootKeys.Generate(Suite);
        var copy = keys.Copy();
        var encoded = keys.Encode();
        Assert.Equal(encoded, copy.Encode());
        copy.Dispose();
        Assert.Equal(encoded, keys.Encode());
    }

    [Fact]
    public void Dispose_zeroes_the_symmetric_keys()
    {
        var keys = RootKeys.Generate(Suite);
        keys.Dispose();
        Assert.True(keys.NodeStorageRoot.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.True(keys.RemoteStorageRoot.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ObjectDisposedException>(() => keys.NodeSignatureRoot.ExportDer());
    }

    public static TheoryData<string> MalformedRootKeys() =>
    [
        "no-version", "version-2", "no-node-storage-root", "no-remote-storage-root", "no-signature-root",
        "short-cipher-key", "unknown-cipher", "not-der", "damaged-curve-oid", "public-key-instead-of-private", "wrong-wire-type", "truncated",
    ];

    [Theory]
    [MemberData(nameof(MalformedRootKeys))]
    public void Malformed_root_keys_are_Parse(string kind)
    {
        using var keys = RootKeys.Generate(Suite);
        var nsr = keys.NodeStorageRoot.Encode();
        var rsr = keys.RemoteStorageRoot.Encode();
        var der = keys.NodeSignatureRoot.ExportDer();
        var encoded = kind switch
        {
            "no-version" => Message((2, nsr), (3, rsr), (4, der)),
            "version-2" => Message((1, 2), (2, nsr), (3, rsr), (4, der)),
            "no-node-storage-root" => Message((1, 1), (3, rsr), (4, der)),
            "no-remote-storage-root" => Message((1, 1), (2, nsr), (4, der)),
            "no-signature-root" => Message((1, 1), (2, nsr), (3, rsr)),
            "short-cipher-key" => Message((1, 1), (2, nsr[..32]), (3, rsr), (4, der)),
            "unknown-cipher" => Message((1, 1), (2, (byte[])[7, .. nsr[1..]]), (3, rsr), (4, der)),
            "not-der" => Message((1, 1), (2, nsr), (3, rsr), (4, RandomNumberGenerator.GetBytes(der.Length))),
            "damaged-curve-oid" => Message((1, 1), (2, nsr), (3, rsr), (4, DamageCurveOid(der))),
            "public-key-instead-of-private" => Message((1, 1), (2, nsr), (3, rsr), (4, keys.NodeSignatureRoot.PublicKey.ToArray())),
            "wrong-wire-type" => Message((1, 1), (2, 5), (3, rsr), (4, der)),
            _ => keys.Encode()[..^1],
        };
        RootKeys? decoded = null;
        var ex = Assert.Throws<WickrException>(() => decoded = RootKeys.Decode(Suite, encoded));
        Assert.True(ex.Error == WickrError.Parse, $"{kind}: {ex.Error}");
        Assert.Null(decoded);
    }

    private static byte[] DamageCurveOid(byte[] der)
    {
        // secp521r1 is OID 1.3.132.0.35: 06 05 2B 81 04 00 23. Making it 0.35.132.0.35 leaves valid DER naming a curve
        // the platform does not know, which it reports with its own exception type.
        var damaged = (byte[])der.Clone();
        var at = damaged.AsSpan().IndexOf((byte[])[0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23]);
        Assert.True(at > 0);
        damaged[at + 2] = 0x23;
        return damaged;
    }

    [Fact]
    public void Storage_keys_round_trip()
    {
        using var keys = new StorageKeys(CipherKey.Generate(), CipherKey.Generate());
        var encoded = keys.Encode();
        Assert.Equal(1 + 1 + 2 + CipherKey.EncodedSize + 2 + CipherKey.EncodedSize, encoded.Length);
        using var decoded = StorageKeys.Decode(encoded);
        Assert.Equal(encoded, decoded.Encode());
    }

    [Theory]
    [InlineData("no-version")]
    [InlineData("version-0")]
    [InlineData("no-local")]
    [InlineData("no-remote")]
    [InlineData("long-key")]
    [InlineData("truncated")]
    public void Malformed_storage_keys_are_Parse(string kind)
    {
        using var keys = new StorageKeys(CipherKey.Generate(), CipherKey.Generate());
        var local = keys.Local.Encode();
        var remote = keys.Remote.Encode();
        var encoded = kind switch
        {
            "no-version" => Message((2, local), (3, remote)),
            "version-0" => Message((1, 0), (2, local), (3, remote)),
            "no-local" => Message((1, 1), (3, remote)),
            "no-remote" => Message((1, 1), (2, local)),
            "long-key" => Message((1, 1), (2, (byte[])[.. local, 0]), (3, remote)),
            _ => keys.Encode()[..^3],
        };
        var ex = Assert.Throws<WickrException>(() => StorageKeys.Decode(encoded));
        Assert.True(ex.Error == WickrError.Parse, $"{kind}: {ex.Error}");
    }
}
