using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// Moves the device store's <see cref="RecoveryBlob"/> to and from the server under the recovery access key
/// (<see cref="Recovery.RecoveryAccessKey"/>: from the passphrase, or from Krbk in the hardened mode). The blob is a
/// superset of <see cref="Recovery.RecoveryBackup"/>'s encoding (its fields 1 and 2, plus the account backup as
/// field 3), so <see cref="WickrAccounts.FetchRecoveryBundleAsync(ChannelBase, byte[], string, WickrClientOptions?, Recovery.PassphraseKdf, CancellationToken)"/>
/// reads what the CLI stored and the other way round; the fetch is done here only because the account backup is
/// needed too.
/// </summary>
internal static class RecoveryBundleTransfer
{
    public static async Task StoreAsync(WickrClient client, RecoveryBlob blob, byte[] accessKey, CancellationToken cancellationToken)
    {
        var token = await client.Session.TokenAsync(cancellationToken);
        var request = new StoreRecoveryBundleRequest { Bundle = ByteString.CopyFrom(blob.Encode()), AccessKey = ByteString.CopyFrom(accessKey) };
        await Invoke(() => new Accounts.AccountsClient(client.Transport).StoreRecoveryBundleAsync(
            request, new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: cancellationToken));
    }

    /// <summary>PERMISSION_DENIED (as <see cref="WickrClientException"/>) when no backup opens with this access key.</summary>
    public static async Task<RecoveryBlob> FetchAsync(ChannelBase channel, byte[] rootIdentifier, byte[] accessKey, CancellationToken cancellationToken)
    {
        var request = new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(rootIdentifier), AccessKey = ByteString.CopyFrom(accessKey) };
        var reply = await Invoke(() => new Accounts.AccountsClient(channel).FetchRecoveryBundleAsync(request, cancellationToken: cancellationToken));
        return RecoveryBlob.Decode(reply.Bundle.Span);
    }

    /// <summary>Zeroes <paramref name="accessKey"/> once the call is done.</summary>
    public static async Task<T> WithAccessKeyAsync<T>(byte[] accessKey, Func<byte[], Task<T>> use)
    {
        try
        {
            return await use(accessKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    private static async Task<T> Invoke<T>(Func<AsyncUnaryCall<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex)
        {
            throw WickrClientException.From(ex);
        }
    }
}
