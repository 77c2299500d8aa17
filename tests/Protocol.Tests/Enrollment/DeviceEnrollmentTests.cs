using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Enrollment;

/// <summary>Device enrollment: a chain that validates, the device identifiers and storage keys, and the ctx export.</summary>
public sealed class DeviceEnrollmentTests
{
    private const string Passphrase = "device passphrase";
    private static readonly P521Suite Suite = P521Suite.Instance;

    [Fact]
    public void Device_chain_validates_against_the_user_root_and_survives_encoding()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("system-id-1"u8);
        device.Chain.Validate(Suite);
        device.Chain.Validate(Suite, user.Root);
        Assert.Equal(ProtocolSizes.NodeIdentifier, device.Chain.Node.Identifier.Length);
        Assert.True(Suite.Verify(user.Root.PublicKey, device.NodeKey.PublicKey.Encoded, device.Chain.Node.RootSignature));

        var published = IdentityChain.Decode(device.Chain.Encode());
        published.Validate(Suite, user.Root);
    }

    [Fact]
    public void Chain_of_another_user_is_refused()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var other = EnrolledUser.Enroll(Suite);
        using var device = other.EnrollDevice("system-id-1"u8);
        var ex = Assert.Throws<WickrException>(() => device.Chain.Validate(Suite, user.Root));
        Assert.Equal(WickrError.Chain, ex.Error);
    }

    [Fact]
    public void Device_identifiers_follow_the_reference_derivation()
    {
        var systemId = "a stable system id"u8.ToArray();
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice(systemId);
        var ids = device.Identifiers;
        Assert.Equal(DeviceIdentifiers.DevSaltSize, ids.DevSalt.Length);
        Assert.Equal(SHA256.HashData(systemId), ids.SystemSalt);
        var digest = SHA512.HashData([.. systemId, .. ids.DevSalt]);
        Assert.Equal(digest[..32], ids.DevId);
        Assert.Equal(digest[32..], ids.ServerCommunicationId);
        Assert.Equal(ids.DevId, device.DevId);
        Assert.Equal(ids.DevId, device.LocalNode.DevId);

        var again = DeviceIdentifiers.Derive(systemId, ids.DevSalt);
        Assert.Equal(ids.DevId, again.DevId);
        Assert.Equal(ids.ServerCommunicationId, again.ServerCommunicationId);
        Assert.NotEqual(ids.DevId, DeviceIdentifiers.Create(systemId).DevId);
    }

    [Fact]
    public void Empty_system_id_is_refused()
    {
        var ex = Assert.Throws<WickrException>(() => DeviceIdentifiers.Create([]));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
    }

    [Fact]
    public void Storage_keys_are_localized_per_system_and_share_the_remote_root()
    {
        var systemId = "system-A"u8.ToArray();
        using var user = EnrolledUser.Enroll(Suite);
        using var first = user.EnrollDevice(systemId);
        using var second = user.EnrollDevice(systemId);
        using var elsewhere = user.EnrollDevice("system-B"u8);

        var expectedLocal = SHA256.HashData([.. user.NodeStorageRoot.Key.ToArray(), .. SHA256.HashData(systemId)]);
        Assert.Equal(expectedLocal, first.StorageKeys.Local.Key.ToArray());
        Assert.Equal(expectedLocal, second.StorageKeys.Local.Key.ToArray());
        Assert.NotEqual(expectedLocal, elsewhere.StorageKeys.Local.Key.ToArray());
        Assert.Equal(user.RemoteStorageRoot.Key.ToArray(), elsewhere.StorageKeys.Remote.Key.ToArray());

        Assert.NotEqual(first.Chain.Node.Identifier, second.Chain.Node.Identifier);
        Assert.False(first.NodeKey.PublicKey.Equals(second.NodeKey.PublicKey));
    }

    [Fact]
    public void Device_of_a_restored_user_has_the_same_storage_keys_and_root()
    {
        var systemId = "phone"u8.ToArray();
        using var user = EnrolledUser.Enroll(Suite);
        using var original = user.EnrollDevice(systemId);
        var backup = user.CreateRecoveryBackup(Passphrase);

        using var restored = EnrolledUser.Restore(Suite, user.Root.Identifier, backup, Passphrase);
        using var replacement = restored.EnrollDevice(DeviceIdentifiers.Derive(systemId, original.Identifiers.DevSalt));
        replacement.Chain.Validate(Suite, user.Root);
        Assert.Equal(original.StorageKeys.Encode(), replacement.StorageKeys.Encode());
        Assert.Equal(original.DevId, replacement.DevId);
        Assert.NotEqual(original.Chain.Node.Identifier, replacement.Chain.Node.Identifier);
    }

    [Fact]
    public void Devices_exchange_a_packet()
    {
        using var alice = EnrolledUser.Enroll(Suite, "alice");
        using var bob = EnrolledUser.Enroll(Suite, "bob");
        using var sender = alice.EnrollDevice("alice-laptop"u8);
        using var receiver = bob.EnrollDevice("bob-phone"u8);
        using var pool = new EphemeralKeyPool(Suite, receiver.NodeKey);
        var ephemeral = pool.Generate(1)[0];
        var recipient = new RecipientNode(receiver.Chain, receiver.DevId, ephemeral);
        var message = new PlainMessage(new PacketMetadata(60, 0, [1, 2, 3], 1), "hello from an enrolled device"u8.ToArray());

        var packet = new PacketEncoder(Suite).Encode(sender.Sender, [(recipient, bob.Root)], message);
        var decoded = new PacketDecoder(Suite).Decode(packet, IdentityChain.Decode(sender.Chain.Encode()), receiver.LocalNode, pool);

        Assert.Equal(message.Body, decoded.Message.Body);
        Assert.Equal(alice.Root.Identifier, decoded.Sender.Root.Identifier);
    }

    [Fact]
    public void Context_export_restores_the_device()
    {
        var systemId = "tablet"u8.ToArray();
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice(systemId);
        var blob = device.ExportContext(Suite, Passphrase);
        Assert.Equal((byte)PassphraseKdf.Scrypt17, blob[0]);

        using var imported = EnrolledDevice.ImportContext(Suite, blob, Passphrase, DeviceIdentifiers.Derive(systemId, device.Identifiers.DevSalt));
        imported.Chain.Validate(Suite, user.Root);
        Assert.Equal(device.Context.Encode(), imported.Context.Encode());
        Assert.Equal(device.DevId, imported.DevId);

        // The imported node key signs as the original: a signature by one verifies under the other's public key.
        var signature = Suite.Sign(imported.NodeKey, "data"u8);
        Assert.True(Suite.Verify(device.NodeKey.PublicKey, "data"u8, signature));
    }

    [Fact]
    public void Context_export_with_a_wrong_passphrase_is_WrongPassphrase()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("tablet"u8);
        var blob = device.ExportContext(Suite, Passphrase);
        EnrolledDevice? imported = null;
        var ex = Assert.Throws<WickrException>(() => imported = EnrolledDevice.ImportContext(Suite, blob, "device passphrasE", device.Identifiers));
        Assert.Equal(WickrError.WrongPassphrase, ex.Error);
        Assert.Null(imported);
    }

    [Fact]
    public void Sealed_garbage_under_the_right_passphrase_is_Parse_not_a_partial_context()
    {
        var blob = PassphraseSeal.Seal(Suite, RandomNumberGenerator.GetBytes(300), Passphrase);
        DeviceContext? context = null;
        var ex = Assert.Throws<WickrException>(() => context = PassphraseExports.OpenContext(Suite, blob, Passphrase));
        Assert.Equal(WickrError.Parse, ex.Error);
        Assert.Null(context);
    }

    [Fact]
    public void Storage_keys_export_round_trips()
    {
        using var user = EnrolledUser.Enroll(Suite);
        using var device = user.EnrollDevice("desktop"u8);
        var blob = PassphraseExports.SealStorageKeys(Suite, device.StorageKeys, Passphrase);
        using var opened = PassphraseExports.OpenStorageKeys(Suite, blob, Passphrase);
        Assert.Equal(device.StorageKeys.Encode(), opened.Encode());
    }

    [Fact]
    public void Dispose_zeroes_the_device_keys()
    {
        using var user = EnrolledUser.Enroll(Suite);
        var device = user.EnrollDevice("desktop"u8);
        device.Dispose();
        Assert.True(device.StorageKeys.Local.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.True(device.StorageKeys.Remote.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ObjectDisposedException>(() => device.NodeKey.ExportDer());
        Assert.Throws<ObjectDisposedException>(() => device.Context.RootKey.ExportDer());

        // The user's own copy of Kr is untouched.
        Assert.NotEmpty(user.RootKey.ExportDer());
    }
}
