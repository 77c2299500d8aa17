using System.Security.Cryptography;
using Google.Protobuf;
using Wickr.Cluster.ClientLib.Enrollment;
using Wickr.Cluster.ClientLib.Recovery;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

public sealed partial class WickrClient
{
    /// <summary>
    /// Stores <paramref name="user"/>'s recovery backup on the server: the bundle (Kr, Knsr, Krs under Krbk) with Krbk
    /// sealed under <paramref name="passphrase"/>, fetchable only with the access key derived from the same passphrase
    /// (see <see cref="WickrAccounts.FetchRecoveryBundleAsync(Grpc.Core.ChannelBase, byte[], string, WickrClientOptions?, PassphraseKdf, CancellationToken)"/>).
    /// Replaces any earlier backup. <paramref name="user"/> must be this device's user.
    /// </summary>
    public async Task StoreRecoveryBundleAsync(EnrolledUser user, string passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17, CancellationToken cancellationToken = default)
    {
        RequireOwnUser(user);
        var backup = user.CreateRecoveryBackup(passphrase, kdf);
        var accessKey = RecoveryAccessKey.FromPassphrase(_options.Suite, user.Root.Identifier, passphrase, kdf);
        await StoreRecoveryBundleBytesAsync(backup.Encode(), accessKey, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="user"/>'s hardened recovery backup: the bundle alone, fetchable only with the access key
    /// derived from Krbk. Returns Krbk as text (<paramref name="format"/>) for the user to keep: without it the bundle
    /// can be neither fetched nor opened. Replaces any earlier backup.
    /// </summary>
    public async Task<string> StoreHardenedRecoveryBundleAsync(EnrolledUser user, RecoveryKeyFormat format = RecoveryKeyFormat.Base32, CancellationToken cancellationToken = default)
    {
        RequireOwnUser(user);
        var backup = user.CreateHardenedRecoveryBackup();
        var accessKey = RecoveryAccessKey.FromRecoveryKey(user.Root.Identifier, user.RecoveryBundleKey);
        await StoreRecoveryBundleBytesAsync(backup.Encode(), accessKey, cancellationToken);
        return user.FormatRecoveryKey(format);
    }

    /// <summary>Stores an encoded recovery blob under <paramref name="accessKey"/>, which is zeroed when the call is done.</summary>
    internal async Task StoreRecoveryBundleBytesAsync(byte[] bundle, byte[] accessKey, CancellationToken cancellationToken)
    {
        try
        {
            var request = new StoreRecoveryBundleRequest
            {
                Bundle = ByteString.CopyFrom(bundle),
                AccessKey = ByteString.CopyFrom(accessKey),
            };
            await CallAsync(o => _accounts.StoreRecoveryBundleAsync(request, o), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    private void RequireOwnUser(EnrolledUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Root.Identifier.AsSpan().SequenceEqual(Device.Chain.Root.Identifier))
        {
            throw new WickrException(WickrError.InvalidArgument, "a device stores the recovery backup of its own user only");
        }
    }
}
