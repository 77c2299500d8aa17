using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// The one place the device store moves its recovery blob to and from the server: today's StoreRecoveryBundle
/// (device token) and FetchRecoveryBundle (open) RPCs. When the fetch needs an access key derived from the
/// passphrase, only these two methods change; the passphrase is already handed in.
/// </summary>
internal static class RecoveryBundleTransfer
{
    public static async Task StoreAsync(WickrClient client, byte[] blob, CancellationToken cancellationToken)
    {
        var token = await client.Session.TokenAsync(cancellationToken);
        var request = new StoreRecoveryBundleRequest { Bundle = ByteString.CopyFrom(blob) };
        await Invoke(() => new Accounts.AccountsClient(client.Transport).StoreRecoveryBundleAsync(
            request, new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: cancellationToken));
    }

    public static async Task<byte[]> FetchAsync(ChannelBase channel, byte[] rootIdentifier, string passphrase, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var request = new FetchRecoveryBundleRequest { RootIdentifier = ByteString.CopyFrom(rootIdentifier) };
        var reply = await Invoke(() => new Accounts.AccountsClient(channel).FetchRecoveryBundleAsync(request, cancellationToken: cancellationToken));
        return reply.Bundle.ToByteArray();
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
