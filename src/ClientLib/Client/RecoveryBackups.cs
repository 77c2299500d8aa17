using System.Security.Cryptography;
using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Storing this user's recovery bundle on the server, under an access key derived from the passphrase or from Krbk.
/// </summary>
internal sealed class RecoveryBackups(GatewayCalls gateway, EnrolledDevice device, WickrClientOptions options)
{
    /// <summary>The bundle with Krbk sealed under <paramref name="passphrase"/>, fetchable with the passphrase's access key.</summary>
    public async Task StoreAsync(EnrolledUser user, string passphrase, PassphraseKdf kdf, CancellationToken cancellationToken)
    {
        RequireOwnUser(user);
        Storage.PassphraseStrength.Require(passphrase);
        var backup = user.CreateRecoveryBackup(passphrase, kdf);
        var accessKey = RecoveryAccessKey.FromPassphrase(options.Suite, user.Root.Identifier, passphrase, kdf);
        await StoreBytesAsync(user, backup.Encode(), accessKey, cancellationToken);
    }

    /// <summary>The bundle alone, fetchable with Krbk's access key; returns Krbk as text for the user to keep.</summary>
    public async Task<string> StoreHardenedAsync(EnrolledUser user, RecoveryKeyFormat format, CancellationToken cancellationToken)
    {
        RequireOwnUser(user);
        var backup = user.CreateHardenedRecoveryBackup();
        var accessKey = RecoveryAccessKey.FromRecoveryKey(user.Root.Identifier, user.RecoveryBundleKey);
        await StoreBytesAsync(user, backup.Encode(), accessKey, cancellationToken);
        return user.FormatRecoveryKey(format);
    }

    /// <summary>
    /// Stores an encoded recovery blob under <paramref name="accessKey"/>, which is zeroed when the call is done; the
    /// request is signed with <paramref name="user"/>'s root key (the gateway refuses a token alone).
    /// </summary>
    public async Task StoreBytesAsync(EnrolledUser user, byte[] bundle, byte[] accessKey, CancellationToken cancellationToken)
    {
        RequireOwnUser(user);
        try
        {
            var issuedAt = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var signed = RequestSignatures.StoreRecoveryBundle(user.Root.Identifier, bundle, accessKey, issuedAt);
            var request = new StoreRecoveryBundleRequest
            {
                Bundle = ByteString.CopyFrom(bundle),
                AccessKey = ByteString.CopyFrom(accessKey),
                IssuedAtUnixMs = issuedAt,
                Signature = ByteString.CopyFrom(options.Suite.Sign(user.RootKey, signed)),
            };
            await gateway.CallAsync(o => gateway.Accounts.StoreRecoveryBundleAsync(request, o), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    private void RequireOwnUser(EnrolledUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Root.Identifier.AsSpan().SequenceEqual(device.Chain.Root.Identifier))
        {
            throw new WickrException(WickrError.InvalidArgument, "a device stores the recovery backup of its own user only");
        }
    }
}
