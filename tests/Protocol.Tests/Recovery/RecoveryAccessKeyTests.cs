using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>The access key a recovery bundle fetch presents, and the one blob the server stores for a backup.</summary>
public sealed class RecoveryAccessKeyTests
{
    private const string Passphrase = "a long passphrase";
    private static readonly P521Suite Suite = P521Suite.Instance;
    private static readonly byte[] Root = SHA256.HashData("alice"u8);

    [Fact]
    public void The_passphrase_access_key_is_stable_and_depends_on_passphrase_and_user()
    {
        var key = RecoveryAccessKey.FromPassphrase(Suite, Root, Passphrase);
        Assert.Equal(RecoveryAccessKey.Size, key.Length);
        Assert.Equal(key, RecoveryAccessKey.FromPassphrase(Suite, Root, Passphrase));
        Assert.NotEqual(key, RecoveryAccessKey.FromPassphrase(Suite, Root, Passphrase + "!"));
        Assert.NotEqual(key, RecoveryAccessKey.FromPassphrase(Suite, SHA256.HashData("bob"u8), Passphrase));
    }

    [Fact]
    public void The_access_key_is_neither_the_key_that_seals_Krbk_nor_opens_the_seal()
    {
        using var recoveryKey = CipherKey.Generate();
        var sealedKey = PassphraseExports.SealRecoveryKey(Suite, recoveryKey, Passphrase);
        var access = RecoveryAccessKey.FromPassphrase(Suite, Root, Passphrase);

        // The seal's own key: scrypt of the passphrase with the blob's random salt.
        var sealKey = Suite.DerivePassphraseKey(
            System.Text.Encoding.UTF8.GetBytes(Passphrase), sealedKey.AsSpan(1, PassphraseSeal.SaltSize),
            PassphraseSeal.ScryptN(PassphraseKdf.Scrypt17), PassphraseSeal.ScryptR, PassphraseSeal.ScryptP, CipherKey.KeySize);
        Assert.NotEqual(sealKey, access);
        using var asCipherKey = new CipherKey(CipherId.Aes256Gcm, access);
        var ex = Assert.Throws<WickrException>(() => Suite.Decrypt(asCipherKey, sealedKey.AsSpan(1 + PassphraseSeal.SaltSize)));
        Assert.Equal(WickrError.Decrypt, ex.Error);
    }

    [Fact]
    public void The_hardened_access_key_comes_from_Krbk_under_its_own_label()
    {
        using var recoveryKey = CipherKey.Generate();
        var access = RecoveryAccessKey.FromRecoveryKey(Root, recoveryKey);
        Assert.Equal(RecoveryAccessKey.Size, access.Length);
        Assert.Equal(access, RecoveryAccessKey.FromRecoveryKey(Root, recoveryKey));
        Assert.NotEqual(recoveryKey.Key.ToArray(), access);
        using var other = CipherKey.Generate();
        Assert.NotEqual(access, RecoveryAccessKey.FromRecoveryKey(Root, other));
        Assert.NotEqual(access, RecoveryAccessKey.FromRecoveryKey(SHA256.HashData("bob"u8), recoveryKey));
    }

    [Fact]
    public void Empty_inputs_are_refused()
    {
        using var recoveryKey = CipherKey.Generate();
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RecoveryAccessKey.FromPassphrase(Suite, Root, "")).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RecoveryAccessKey.FromPassphrase(Suite, [], Passphrase)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => RecoveryAccessKey.FromRecoveryKey([], recoveryKey)).Error);
    }

    [Fact]
    public void A_stored_backup_round_trips_in_both_modes_and_a_damaged_one_is_Parse()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var backup = RecoveryBackup.Create(Suite, keys, recoveryKey, Passphrase);
        var decoded = RecoveryBackup.Decode(backup.Encode());
        Assert.Equal(backup.Bundle, decoded.Bundle);
        Assert.Equal(backup.SealedRecoveryKey, decoded.SealedRecoveryKey);
        using (var opened = decoded.Open(Suite, Passphrase))
        {
            Assert.Equal(keys.Encode(), opened.Encode());
        }

        var hardened = RecoveryBackup.Decode(RecoveryBackup.CreateHardened(Suite, keys, recoveryKey).Encode());
        Assert.True(hardened.IsHardened);
        using (var opened = hardened.Open(Suite, recoveryKey))
        {
            Assert.Equal(keys.Encode(), opened.Encode());
        }

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RecoveryBackup.Decode([])).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RecoveryBackup.Decode([0x0A, 0x50, 1, 2, 3])).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RecoveryBackup.Decode([0x12, 0x01, 0x07])).Error);
    }
}
