using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Recovery;

/// <summary>The recovery bundle (root keys under Krbk) and the backup the server keeps, in both modes.</summary>
public sealed class RecoveryBackupTests
{
    private const string Passphrase = "a long passphrase";
    private static readonly P521Suite Suite = P521Suite.Instance;

    private static void SameKeys(RootKeys expected, RootKeys actual)
    {
        Assert.True(expected.NodeSignatureRoot.PublicKey.Equals(actual.NodeSignatureRoot.PublicKey), "Kr");
        Assert.Equal(expected.Encode(), actual.Encode());
    }

    [Fact]
    public void Bundle_is_a_gcm_cipher_result_of_the_root_keys()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var bundle = RecoveryBundle.Seal(Suite, keys, recoveryKey);
        Assert.Equal((byte)CipherId.Aes256Gcm, bundle[0]);
        Assert.Equal(SymmetricCipher.ResultSize(CipherId.Aes256Gcm, keys.Encode().Length), bundle.Length);
        Assert.Equal(keys.Encode(), Suite.Decrypt(recoveryKey, bundle));
        using var opened = RecoveryBundle.Open(Suite, bundle, recoveryKey);
        SameKeys(keys, opened);
    }

    [Fact]
    public void Bundle_under_another_key_is_Decrypt()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        using var wrongKey = CipherKey.Generate();
        var bundle = RecoveryBundle.Seal(Suite, keys, recoveryKey);
        RootKeys? opened = null;
        var ex = Assert.Throws<WickrException>(() => opened = RecoveryBundle.Open(Suite, bundle, wrongKey));
        Assert.Equal(WickrError.Decrypt, ex.Error);
        Assert.Null(opened);
    }

    [Fact]
    public void Damaged_bundles_are_typed_errors()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var bundle = RecoveryBundle.Seal(Suite, keys, recoveryKey);
        for (var i = 0; i < bundle.Length; i += 5)
        {
            var flipped = (byte[])bundle.Clone();
            flipped[i] ^= 0x01;
            var ex = Assert.Throws<WickrException>(() => RecoveryBundle.Open(Suite, flipped, recoveryKey));
            Assert.True(ex.Error == (i == 0 ? WickrError.Parse : WickrError.Decrypt), $"flip at {i}: {ex.Error}");
        }

        foreach (var length in new[] { 0, 1, 28, 29, bundle.Length - 1 })
        {
            var ex = Assert.Throws<WickrException>(() => RecoveryBundle.Open(Suite, bundle[..length], recoveryKey));
            Assert.True(ex.Error is WickrError.Parse or WickrError.Decrypt, $"truncated to {length}: {ex.Error}");
        }
    }

    [Fact]
    public void Recovery_key_must_be_a_gcm_key()
    {
        using var keys = RootKeys.Generate(Suite);
        using var ctrKey = CipherKey.Generate(CipherId.Aes256Ctr);
        var ex = Assert.Throws<WickrException>(() => RecoveryBundle.Seal(Suite, keys, ctrKey));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
    }

    [Fact]
    public void Passphrase_backup_opens_with_the_passphrase_and_with_the_key()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var backup = RecoveryBackup.Create(Suite, keys, recoveryKey, Passphrase);
        Assert.False(backup.IsHardened);
        Assert.NotNull(backup.SealedRecoveryKey);
        Assert.Equal((byte)PassphraseKdf.Scrypt17, backup.SealedRecoveryKey[0]);

        using (var opened = backup.Open(Suite, Passphrase))
        {
            SameKeys(keys, opened);
        }

        using (var opened = backup.Open(Suite, recoveryKey))
        {
            SameKeys(keys, opened);
        }
    }

    [Fact]
    public void Passphrase_backup_with_a_wrong_passphrase_is_WrongPassphrase()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var backup = RecoveryBackup.Create(Suite, keys, recoveryKey, Passphrase);
        RootKeys? opened = null;
        var ex = Assert.Throws<WickrException>(() => opened = backup.Open(Suite, "A long passphrase"));
        Assert.Equal(WickrError.WrongPassphrase, ex.Error);
        Assert.Null(opened);
    }

    [Fact]
    public void Hardened_backup_holds_no_wrapped_key()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var backup = RecoveryBackup.CreateHardened(Suite, keys, recoveryKey);
        Assert.True(backup.IsHardened);
        Assert.Null(backup.SealedRecoveryKey);

        var ex = Assert.Throws<WickrException>(() => backup.Open(Suite, Passphrase));
        Assert.Equal(WickrError.InvalidState, ex.Error);

        using var typedBack = RecoveryKeyText.Parse(RecoveryKeyText.Format(recoveryKey));
        using var opened = backup.Open(Suite, typedBack);
        SameKeys(keys, opened);
    }

    [Fact]
    public void The_framing_alone_tells_whether_a_stored_blob_carries_a_passphrase_sealed_key()
    {
        using var keys = RootKeys.Generate(Suite);
        using var recoveryKey = CipherKey.Generate();
        var hardened = RecoveryBackup.CreateHardened(Suite, keys, recoveryKey).Encode();
        var sealedUnderPassphrase = RecoveryBackup.Create(Suite, keys, recoveryKey, Passphrase).Encode();

        Assert.False(RecoveryBackup.CarriesSealedRecoveryKey(hardened));
        Assert.True(RecoveryBackup.CarriesSealedRecoveryKey(sealedUnderPassphrase));
        // An application's own field after them (the client's account backup, field 3) changes nothing.
        Assert.False(RecoveryBackup.CarriesSealedRecoveryKey([.. hardened, 0x1A, 0x02, 0x01, 0x02]));
        Assert.True(RecoveryBackup.CarriesSealedRecoveryKey([.. sealedUnderPassphrase, 0x1A, 0x02, 0x01, 0x02]));
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RecoveryBackup.CarriesSealedRecoveryKey([0xFF, 0x01, 0x02])).Error);
        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => RecoveryBackup.CarriesSealedRecoveryKey([0x1A, 0x01, 0x09])).Error);
    }

    [Fact]
    public void Empty_blobs_are_refused()
    {
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => new RecoveryBackup([], null)).Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => new RecoveryBackup([1], [])).Error);
    }
}
