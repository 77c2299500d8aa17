using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Enrollment;

/// <summary>User enrollment, the recovery backup, and restoring the user on a new device from it.</summary>
public sealed class UserEnrollmentTests
{
    private const string Passphrase = "enrollment passphrase";
    private static readonly P521Suite Suite = P521Suite.Instance;

    private static void SameUser(EnrolledUser expected, EnrolledUser actual)
    {
        Assert.Equal(expected.Root.Identifier, actual.Root.Identifier);
        Assert.True(expected.Root.PublicKey.Equals(actual.Root.PublicKey), "same root key");
        Assert.Equal(expected.RootKeys.Encode(), actual.RootKeys.Encode());
        Assert.Equal(expected.NodeStorageRoot.Key.ToArray(), actual.NodeStorageRoot.Key.ToArray());
        Assert.Equal(expected.RemoteStorageRoot.Key.ToArray(), actual.RemoteStorageRoot.Key.ToArray());
        Assert.Equal(expected.RecoveryBundleKey.Encode(), actual.RecoveryBundleKey.Encode());
    }

    [Fact]
    public void Enrollment_makes_fresh_root_material()
    {
        using var user = EnrolledUser.Enroll(Suite);
        Assert.Equal(EnrolledUser.RootIdentifierSize, user.Root.Identifier.Length);
        Assert.True(user.RootKey.PublicKey.Equals(user.Root.PublicKey));
        Assert.Equal(CipherId.Aes256Gcm, user.RecoveryBundleKey.Cipher);
        var symmetric = new[] { user.NodeStorageRoot.Key.ToArray(), user.RemoteStorageRoot.Key.ToArray(), user.RecoveryBundleKey.Key.ToArray() };
        Assert.Equal(3, symmetric.Select(Convert.ToHexString).Distinct().Count());

        using var other = EnrolledUser.Enroll(Suite);
        Assert.NotEqual(user.Root.Identifier, other.Root.Identifier);
        Assert.False(user.Root.PublicKey.Equals(other.Root.PublicKey));
    }

    [Fact]
    public void Root_identifier_of_a_user_name_is_its_sha256()
    {
        using var user = EnrolledUser.Enroll(Suite, "alice@example.com");
        Assert.Equal(SHA256.HashData("alice@example.com"u8), user.Root.Identifier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    public void Root_identifier_out_of_range_is_refused(int size)
    {
        var ex = Assert.Throws<WickrException>(() => EnrolledUser.Enroll(Suite, new byte[size]));
        Assert.Equal(WickrError.InvalidArgument, ex.Error);
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => EnrolledUser.Enroll(Suite, string.Empty)).Error);
    }

    [Fact]
    public void Restore_from_the_passphrase_backup_gives_the_same_user()
    {
        using var user = EnrolledUser.Enroll(Suite, "bob");
        var backup = user.CreateRecoveryBackup(Passphrase);
        using var restored = EnrolledUser.Restore(Suite, user.Root.Identifier, backup, Passphrase);
        SameUser(user, restored);

        // The restored user can make the next backup, and it opens to the same keys again.
        var next = restored.CreateRecoveryBackup("a new passphrase");
        using var again = EnrolledUser.Restore(Suite, user.Root.Identifier, next, "a new passphrase");
        SameUser(user, again);
    }

    [Fact]
    public void Restore_with_a_wrong_passphrase_is_WrongPassphrase()
    {
        using var user = EnrolledUser.Enroll(Suite);
        var backup = user.CreateRecoveryBackup(Passphrase);
        EnrolledUser? restored = null;
        var ex = Assert.Throws<WickrException>(() => restored = EnrolledUser.Restore(Suite, user.Root.Identifier, backup, Passphrase.ToUpperInvariant()));
        Assert.Equal(WickrError.WrongPassphrase, ex.Error);
        Assert.Null(restored);
    }

    [Fact]
    public void Restore_from_a_tampered_bundle_is_Decrypt()
    {
        using var user = EnrolledUser.Enroll(Suite);
        var backup = user.CreateRecoveryBackup(Passphrase);
        var bundle = (byte[])backup.Bundle.Clone();
        bundle[^1] ^= 0x80;
        var tampered = new RecoveryBackup(bundle, backup.SealedRecoveryKey);
        var ex = Assert.Throws<WickrException>(() => EnrolledUser.Restore(Suite, user.Root.Identifier, tampered, Passphrase));
        Assert.Equal(WickrError.Decrypt, ex.Error);
    }

    [Theory]
    [InlineData(RecoveryKeyFormat.Base32)]
    [InlineData(RecoveryKeyFormat.Hex)]
    public void Hardened_mode_restores_from_the_key_the_user_kept(RecoveryKeyFormat format)
    {
        using var user = EnrolledUser.Enroll(Suite);
        var backup = user.CreateHardenedRecoveryBackup();
        Assert.True(backup.IsHardened);
        Assert.Null(backup.SealedRecoveryKey);
        var shown = user.FormatRecoveryKey(format);

        var ex = Assert.Throws<WickrException>(() => EnrolledUser.Restore(Suite, user.Root.Identifier, backup, Passphrase));
        Assert.Equal(WickrError.InvalidState, ex.Error);

        using var typedIn = RecoveryKeyText.Parse(shown);
        using var restored = EnrolledUser.Restore(Suite, user.Root.Identifier, backup, typedIn);
        SameUser(user, restored);
    }

    [Fact]
    public void Hardened_mode_with_another_key_is_Decrypt()
    {
        using var user = EnrolledUser.Enroll(Suite);
        var backup = user.CreateHardenedRecoveryBackup();
        using var guess = CipherKey.Generate();
        var ex = Assert.Throws<WickrException>(() => EnrolledUser.Restore(Suite, user.Root.Identifier, backup, guess));
        Assert.Equal(WickrError.Decrypt, ex.Error);
    }

    [Fact]
    public void Dispose_zeroes_the_private_material()
    {
        var user = EnrolledUser.Enroll(Suite);
        var rootKey = user.RootKey;
        user.Dispose();
        Assert.True(user.NodeStorageRoot.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.True(user.RemoteStorageRoot.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.True(user.RecoveryBundleKey.Key.IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ObjectDisposedException>(() => rootKey.ExportDer());
        Assert.Throws<ObjectDisposedException>(() => user.CreateHardenedRecoveryBackup());
        Assert.Throws<ObjectDisposedException>(() => user.EnrollDevice("system"u8));
    }
}
