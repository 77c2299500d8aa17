using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;
using RecoveryPolicy = Wickr.Cluster.Protocol.Recovery.RecoveryPolicy;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Registering users and their devices with the gateway, authorised by the root key.</summary>
public static class WickrAccounts
{
    /// <summary>
    /// Enrolls a user (fresh root keys; root identifier SHA-256 of <paramref name="userName"/>) and registers its root
    /// with the gateway. The caller owns the returned user and its private keys.
    /// </summary>
    public static async Task<EnrolledUser> EnrollUserAsync(ChannelBase channel, string userName, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var user = EnrolledUser.Enroll((options ?? new WickrClientOptions()).Suite, userName);
        try
        {
            await RegisterUserAsync(channel, user, options, cancellationToken);
            return user;
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    /// <summary>Registers <paramref name="user"/>'s root; true when new, false when it was already registered with this key.</summary>
    public static async Task<bool> RegisterUserAsync(ChannelBase channel, EnrolledUser user, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        options ??= new WickrClientOptions();
        var suite = options.Suite;
        var rootPublicKey = user.Root.PublicKey.ToArray();
        var request = new RegisterUserRequest
        {
            RootIdentifier = ByteString.CopyFrom(user.Root.Identifier),
            RootPublicKey = ByteString.CopyFrom(rootPublicKey),
            Signature = ByteString.CopyFrom(suite.Sign(user.RootKey, RequestSignatures.RegisterUser(user.Root.Identifier, rootPublicKey))),
        };
        if (options.RegistrationToken is { } token)
        {
            request.RegistrationToken = ByteString.CopyFrom(RegistrationToken.FromText(token));
        }

        var reply = await Invoke(() => new Accounts.AccountsClient(channel).RegisterUserAsync(request, cancellationToken: cancellationToken));
        return reply.Created;
    }

    /// <summary>
    /// Enrolls a new device of <paramref name="user"/> on the machine with <paramref name="systemId"/>, registers its
    /// node (signed by the root key) and returns a client for it, not yet connected.
    /// </summary>
    public static async Task<WickrClient> RegisterDeviceAsync(
        ChannelBase channel, EnrolledUser user, byte[] systemId, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        options ??= new WickrClientOptions();
        var device = user.EnrollDevice(systemId);
        try
        {
            await RegisterNodeAsync(channel, user, device, options, cancellationToken);
            return new WickrClient(channel, device, options, new Protocol.EphemeralKeys.EphemeralKeyPool(options.Suite, device.NodeKey));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Registers an enrolled device's node under its user: node key, SKr(PKn) and dev_id, the request signed by Kr.</summary>
    public static async Task RegisterNodeAsync(
        ChannelBase channel, EnrolledUser user, EnrolledDevice device, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(device);
        options ??= new WickrClientOptions();
        var node = device.Chain.Node;
        var issuedAt = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var nodePublicKey = node.PublicKey.ToArray();
        var signed = RequestSignatures.RegisterNode(user.Root.Identifier, node.Identifier, nodePublicKey, node.RootSignature, device.DevId, issuedAt);
        var request = new RegisterNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(user.Root.Identifier),
            Node = new NodeRecord
            {
                NodeIdentifier = ByteString.CopyFrom(node.Identifier),
                NodePublicKey = ByteString.CopyFrom(nodePublicKey),
                NodeSignature = ByteString.CopyFrom(node.RootSignature),
                DevId = ByteString.CopyFrom(device.DevId),
            },
            IssuedAtUnixMs = issuedAt,
            Signature = ByteString.CopyFrom(options.Suite.Sign(user.RootKey, signed)),
        };
        await Invoke(() => new Accounts.AccountsClient(channel).RegisterNodeAsync(request, cancellationToken: cancellationToken));
    }

    /// <summary>Removes a node of <paramref name="user"/>; its mailbox and key pool are deleted with it.</summary>
    public static async Task RemoveNodeAsync(
        ChannelBase channel, EnrolledUser user, byte[] nodeIdentifier, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(nodeIdentifier);
        options ??= new WickrClientOptions();
        var issuedAt = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var request = new RemoveNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(user.Root.Identifier),
            NodeIdentifier = ByteString.CopyFrom(nodeIdentifier),
            IssuedAtUnixMs = issuedAt,
            Signature = ByteString.CopyFrom(options.Suite.Sign(user.RootKey, RequestSignatures.RemoveNode(user.Root.Identifier, nodeIdentifier, issuedAt))),
        };
        await Invoke(() => new Accounts.AccountsClient(channel).RemoveNodeAsync(request, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The network's <see cref="RecoveryPolicy"/>, asked of the gateway without credentials. A gateway older than the
    /// call (UNIMPLEMENTED) has none: <see cref="RecoveryPolicy.Passphrase"/>; a policy newer than this library is taken
    /// as <see cref="RecoveryPolicy.HardenedDefault"/> (the gateway refuses what its policy does not allow).
    /// </summary>
    public static async Task<RecoveryPolicy> GetRecoveryPolicyAsync(ChannelBase channel, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await Invoke(() => new Accounts.AccountsClient(channel).GetNetworkPolicyAsync(new GetNetworkPolicyRequest(), cancellationToken: cancellationToken));
            return reply.RecoveryPolicy switch
            {
                Api.V1.RecoveryPolicy.Passphrase => RecoveryPolicy.Passphrase,
                Api.V1.RecoveryPolicy.HardenedOnly => RecoveryPolicy.HardenedOnly,
                _ => RecoveryPolicy.HardenedDefault,
            };
        }
        catch (WickrClientException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            return RecoveryPolicy.Passphrase;
        }
    }

    /// <summary>
    /// Whether a new user's account is hardened, given what the user chose and the network's policy. Throws
    /// <see cref="WickrClientException"/> FAILED_PRECONDITION (what the gateway would answer the bundle) for
    /// <see cref="RecoveryChoice.Passphrase"/> under <see cref="RecoveryPolicy.HardenedOnly"/>.
    /// </summary>
    public static bool ResolveHardened(RecoveryPolicy policy, RecoveryChoice choice) => (policy, choice) switch
    {
        (_, not (RecoveryChoice.NetworkDefault or RecoveryChoice.Passphrase or RecoveryChoice.Hardened)) => throw new ArgumentOutOfRangeException(nameof(choice)),
        (_, RecoveryChoice.Hardened) => true,
        (RecoveryPolicy.HardenedOnly, RecoveryChoice.Passphrase) => throw new WickrClientException(StatusCode.FailedPrecondition,
            "this network's recovery policy is HardenedOnly: a passphrase-sealed recovery key is refused; the user keeps the recovery key (the hardened mode)"),
        (_, RecoveryChoice.Passphrase) => false,
        (RecoveryPolicy.Passphrase, _) => false,
        _ => true,
    };

    /// <summary>The root identifier of a user name: <see cref="UserNames.RootIdentifier"/> (SHA-256 of the normalised name).</summary>
    public static byte[] RootIdentifier(string userName) => UserNames.RootIdentifier(userName);

    /// <summary>
    /// Recovers a user on a new machine with the passphrase its backup was stored with
    /// (<see cref="WickrClient.StoreRecoveryBundleAsync"/>): derives the access key, fetches the backup, unseals Krbk
    /// and opens the bundle. Returns the restored user (Kr, Knsr, Krs, Krbk), which the caller owns; enroll a device
    /// with <see cref="RegisterDeviceAsync"/>. <paramref name="kdf"/> must be the one used to store. Throws
    /// <see cref="WickrClientException"/> PERMISSION_DENIED when the server has no backup that opens with this
    /// passphrase (unknown user and wrong passphrase alike), RESOURCE_EXHAUSTED after too many failed attempts.
    /// </summary>
    public static async Task<EnrolledUser> FetchRecoveryBundleAsync(
        ChannelBase channel, byte[] rootIdentifier, string passphrase, WickrClientOptions? options = null,
        PassphraseKdf kdf = PassphraseKdf.Scrypt17, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootIdentifier);
        var suite = (options ?? new WickrClientOptions()).Suite;
        var accessKey = RecoveryAccessKey.FromPassphrase(suite, rootIdentifier, passphrase, kdf);
        var backup = await FetchBackupAsync(channel, rootIdentifier, accessKey, cancellationToken);
        return EnrolledUser.Restore(suite, rootIdentifier, backup, passphrase);
    }

    /// <summary>
    /// Recovers a user from a hardened backup (<see cref="WickrClient.StoreHardenedRecoveryBundleAsync"/>) with the
    /// Krbk the user kept (read it with <see cref="RecoveryKeyText.Parse"/>; it stays the caller's). Returns the
    /// restored user, which the caller owns. Errors as for the passphrase overload; Decrypt when the key opens the
    /// fetch but not the bundle (a damaged backup).
    /// </summary>
    public static async Task<EnrolledUser> FetchRecoveryBundleAsync(
        ChannelBase channel, byte[] rootIdentifier, CipherKey recoveryKey, WickrClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootIdentifier);
        ArgumentNullException.ThrowIfNull(recoveryKey);
        var suite = (options ?? new WickrClientOptions()).Suite;
        var accessKey = RecoveryAccessKey.FromRecoveryKey(rootIdentifier, recoveryKey);
        var backup = await FetchBackupAsync(channel, rootIdentifier, accessKey, cancellationToken);
        return EnrolledUser.Restore(suite, rootIdentifier, backup, recoveryKey);
    }

    private static async Task<RecoveryBackup> FetchBackupAsync(ChannelBase channel, byte[] rootIdentifier, byte[] accessKey, CancellationToken cancellationToken)
    {
        try
        {
            return RecoveryBackup.Decode((await FetchRecoveryBundleBytesAsync(channel, rootIdentifier, accessKey, cancellationToken)).Span);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    /// <summary>
    /// The stored recovery blob as the server keeps it, fetched with <paramref name="accessKey"/> (left to the caller to
    /// zero). PERMISSION_DENIED (as <see cref="WickrClientException"/>) when no backup opens with this access key.
    /// </summary>
    internal static async Task<ReadOnlyMemory<byte>> FetchRecoveryBundleBytesAsync(
        ChannelBase channel, byte[] rootIdentifier, byte[] accessKey, CancellationToken cancellationToken)
    {
        var request = new FetchRecoveryBundleRequest
        {
            RootIdentifier = ByteString.CopyFrom(rootIdentifier),
            AccessKey = ByteString.CopyFrom(accessKey),
        };
        var reply = await Invoke(() => new Accounts.AccountsClient(channel).FetchRecoveryBundleAsync(request, cancellationToken: cancellationToken));
        return reply.Bundle.Memory;
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
