using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Gateway.Validation;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Recovery;
using RecoveryPolicy = Wickr.Cluster.Protocol.Recovery.RecoveryPolicy;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>Accounts: users, their nodes (root-signed), profiles and recovery bundles.</summary>
internal sealed class AccountsService(
    IGrainFactory grains,
    DeviceAuthenticator authenticator,
    IOptions<GatewayOptions> options,
    [FromKeyedServices(GatewayClock.Key)] TimeProvider time,
    GatewayMetrics metrics,
    RegistrationGate registration,
    RecoveryThrottle recoveryThrottle,
    SignatureChecks signatureChecks,
    CallerAddress callers) : Accounts.AccountsBase
{
    // Verified against for a root nobody registered, so an unknown root costs and answers what a wrong signature does.
    private static readonly byte[] UnknownRootKey = NewUnknownRootKey();

    public override async Task<RegisterUserResponse> RegisterUser(RegisterUserRequest request, ServerCallContext context)
    {
        var rootIdentifier = Door.RootIdentifier(request.RootIdentifier, "root_identifier");
        using var rootKey = Door.PublicKey(request.RootPublicKey, "root_public_key");
        var signature = Door.Signature(request.Signature, "signature");
        signatureChecks.Admit(context);
        VerifyRootSignature(rootKey, RequestSignatures.RegisterUser(rootIdentifier, rootKey.Encoded), signature);
        await registration.AdmitAsync(rootIdentifier, request.RegistrationToken, context);

        var created = await grains.GetUserGrain(rootIdentifier).RegisterAsync(rootKey.ToArray());
        return new RegisterUserResponse { Created = created };
    }

    public override async Task<RegisterNodeResponse> RegisterNode(RegisterNodeRequest request, ServerCallContext context)
    {
        var rootIdentifier = Door.RootIdentifier(request.RootIdentifier, "root_identifier");
        var record = request.Node ?? throw GatewayErrors.Invalid("node: the node record is required.");
        var nodeIdentifier = Door.NodeIdentifier(record.NodeIdentifier, "node.node_identifier");
        using var nodeKey = Door.PublicKey(record.NodePublicKey, "node.node_public_key");
        var nodeSignature = Door.Signature(record.NodeSignature, "node.node_signature");
        var devId = Door.DevId(record.DevId, "node.dev_id");
        Door.IssuedAt(request.IssuedAtUnixMs, time.GetUtcNow(), options.Value.ClockSkew);
        var signature = Door.Signature(request.Signature, "signature");

        var user = grains.GetUserGrain(rootIdentifier);
        using var rootKey = await RootKeyOrDummyAsync(user);
        var signed = RequestSignatures.RegisterNode(
            rootIdentifier, nodeIdentifier, nodeKey.Encoded, nodeSignature, devId, request.IssuedAtUnixMs);
        VerifyRootSignature(rootKey, signed, signature);

        // SKr(PKn), checked with ClientLib's identity chain so senders can trust every chain the cluster hands out.
        try
        {
            new IdentityChain(new RootIdentity(rootIdentifier, rootKey), new NodeIdentity(nodeIdentifier, nodeKey, nodeSignature))
                .Validate(P521Suite.Instance);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.Invalid($"node.node_signature: {Door.Describe(ex)}.");
        }

        await CarryOutOnceAsync(rootIdentifier, signed, request.IssuedAtUnixMs,
            () => user.AddNodeAsync(new NodeRegistration(nodeIdentifier, devId, nodeKey.ToArray(), nodeSignature)));
        return new RegisterNodeResponse();
    }

    public override async Task<RemoveNodeResponse> RemoveNode(RemoveNodeRequest request, ServerCallContext context)
    {
        var rootIdentifier = Door.RootIdentifier(request.RootIdentifier, "root_identifier");
        var nodeIdentifier = Door.NodeIdentifier(request.NodeIdentifier, "node_identifier");
        Door.IssuedAt(request.IssuedAtUnixMs, time.GetUtcNow(), options.Value.ClockSkew);
        var signature = Door.Signature(request.Signature, "signature");

        var user = grains.GetUserGrain(rootIdentifier);
        using var rootKey = await RootKeyOrDummyAsync(user);
        var signed = RequestSignatures.RemoveNode(rootIdentifier, nodeIdentifier, request.IssuedAtUnixMs);
        VerifyRootSignature(rootKey, signed, signature);

        await CarryOutOnceAsync(rootIdentifier, signed, request.IssuedAtUnixMs, () => user.RemoveNodeAsync(nodeIdentifier));
        authenticator.Forget(nodeIdentifier);
        return new RemoveNodeResponse();
    }

    public override async Task<GetProfileResponse> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        await authenticator.AuthenticateAsync(context);
        var rootIdentifier = Door.RootIdentifier(request.RootIdentifier, "root_identifier");
        var profile = await grains.GetUserGrain(rootIdentifier).GetProfileAsync();
        var response = new GetProfileResponse
        {
            RootIdentifier = ByteString.CopyFrom(profile.RootIdentifier),
            RootPublicKey = ByteString.CopyFrom(profile.RootPublicKey),
        };
        foreach (var node in profile.Nodes)
        {
            response.Nodes.Add(new NodeRecord
            {
                NodeIdentifier = ByteString.CopyFrom(node.NodeId),
                NodePublicKey = ByteString.CopyFrom(node.NodePublicKey),
                NodeSignature = ByteString.CopyFrom(node.RootSignature),
                DevId = ByteString.CopyFrom(node.DevId),
            });
        }

        return response;
    }

    public override async Task<StoreRecoveryBundleResponse> StoreRecoveryBundle(StoreRecoveryBundleRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        // The protocol's limit; a silo set to keep less refuses the rest itself (Grains:User:MaxRecoveryBundleBytes).
        const int max = ProtocolLimits.MaxRecoveryBundleBytes;
        if (request.Bundle.Length < 1 || request.Bundle.Length > max)
        {
            throw GatewayErrors.Invalid($"bundle: a recovery bundle has 1 to {max} bytes, not {request.Bundle.Length}.");
        }

        if (options.Value.Recovery.Policy == RecoveryPolicy.HardenedOnly)
        {
            RequireHardened(request.Bundle);
        }

        var verifier = AccessVerifier(request.AccessKey);
        Door.IssuedAt(request.IssuedAtUnixMs, time.GetUtcNow(), options.Value.ClockSkew);

        // The token says which device calls; replacing the bundle needs the root key too, so a stolen token or a
        // compromised device without Kr cannot swap it.
        if (request.Signature.IsEmpty)
        {
            metrics.AuthFailed("bad_root_signature");
            throw GatewayErrors.Unauthenticated(
                "signature: storing a recovery bundle needs the root key's signature; a device token alone is not enough.");
        }

        var signature = Door.Signature(request.Signature, "signature");
        var user = grains.GetUserGrain(caller.RootIdentifier);
        using var rootKey = await RootKeyOrDummyAsync(user);
        var signed = RequestSignatures.StoreRecoveryBundle(caller.RootIdentifier, request.Bundle.Span, request.AccessKey.Span, request.IssuedAtUnixMs);
        VerifyRootSignature(rootKey, signed, signature);

        await CarryOutOnceAsync(caller.RootIdentifier, signed, request.IssuedAtUnixMs,
            () => user.StoreRecoveryBundleAsync(request.Bundle.ToByteArray(), verifier));
        return new StoreRecoveryBundleResponse();
    }

    public override Task<GetNetworkPolicyResponse> GetNetworkPolicy(GetNetworkPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(new GetNetworkPolicyResponse
        {
            RecoveryPolicy = options.Value.Recovery.Policy switch
            {
                RecoveryPolicy.HardenedDefault => Api.V1.RecoveryPolicy.HardenedDefault,
                RecoveryPolicy.HardenedOnly => Api.V1.RecoveryPolicy.HardenedOnly,
                _ => Api.V1.RecoveryPolicy.Passphrase,
            },
        });

    public override async Task<FetchRecoveryBundleResponse> FetchRecoveryBundle(FetchRecoveryBundleRequest request, ServerCallContext context)
    {
        var rootIdentifier = Door.RootIdentifier(request.RootIdentifier, "root_identifier");
        var verifier = AccessVerifier(request.AccessKey);
        var started = Stopwatch.GetTimestamp();
        var user = GrainKeys.ForRoot(rootIdentifier);
        var source = SourceAddress.Key(callers.Of(context.GetHttpContext()));

        // A source waiting out a delay is refused without its key being looked at; every refusal below is the same
        // status, message and size, no sooner than the floor, whether the user is unknown, has no bundle, the key is
        // wrong or the source is delayed.
        if (recoveryThrottle.TryBegin(user, source))
        {
            var succeeded = false;
            try
            {
                var bundle = await grains.GetUserGrain(rootIdentifier).FetchRecoveryBundleAsync(verifier);
                succeeded = true;
                return new FetchRecoveryBundleResponse { Bundle = ByteString.CopyFrom(bundle) };
            }
            catch (ClusterException ex) when (ex.Code == ClusterErrorCode.PermissionDenied)
            {
                metrics.AuthFailed("recovery_access_denied");
            }
            catch
            {
                // No verdict (the cluster failed): not held against the caller.
                recoveryThrottle.TakeBack(user, source, succeeded: false);
                throw;
            }
            finally
            {
                if (succeeded)
                {
                    recoveryThrottle.TakeBack(user, source, succeeded: true);
                }
            }
        }
        else
        {
            metrics.AuthFailed("recovery_delayed");
        }

        var remaining = options.Value.Recovery.DenialFloor - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, context.CancellationToken);
        }

        throw GatewayErrors.PermissionDenied(RecoveryAccess.DeniedMessage);
    }

    // Under HardenedOnly: no bundle whose framing carries a passphrase-sealed Krbk, and none whose framing cannot be read
    // (the server could not tell). The parts are ciphertext: a modified client that derives Krbk itself from a
    // passphrase is not seen (docs/security.md).
    private static void RequireHardened(ByteString bundle)
    {
        bool sealedKey;
        try
        {
            sealedKey = RecoveryBackup.CarriesSealedRecoveryKey(bundle.Span);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.FailedPrecondition(
                $"bundle: this network's recovery policy is HardenedOnly, and this is not a recovery bundle whose form shows it is hardened ({Door.Describe(ex)}).");
        }

        if (sealedKey)
        {
            throw GatewayErrors.FailedPrecondition(
                "bundle: this network's recovery policy is HardenedOnly: a recovery bundle with a passphrase-sealed recovery key is refused; "
                + "store a hardened one (the user keeps the recovery key).");
        }
    }

    // Only the hash crosses into the cluster: the grain compares verifiers and never holds an access key.
    private static byte[] AccessVerifier(ByteString accessKey) =>
        accessKey.Length == RecoveryAccess.AccessKeySize
            ? RecoveryAccess.Verifier(accessKey.Span)
            : throw GatewayErrors.Invalid(
                $"access_key: a recovery access key has {RecoveryAccess.AccessKeySize} bytes, not {accessKey.Length}.");

    // The user's root key; for a root nobody registered, a key no request verifies with (no NOT_FOUND before the signature).
    private static async Task<EcPublicKey> RootKeyOrDummyAsync(IUserGrain user)
    {
        try
        {
            return EcPublicKey.Decode((await user.GetProfileAsync()).RootPublicKey);
        }
        catch (ClusterException ex) when (ex.Code == ClusterErrorCode.NotFound)
        {
            return EcPublicKey.Decode(UnknownRootKey);
        }
    }

    private static byte[] NewUnknownRootKey()
    {
        using var pair = EcKeyPair.Generate();
        return pair.PublicKey.Encoded.ToArray();
    }

    private void VerifyRootSignature(EcPublicKey rootKey, byte[] signed, byte[] signature)
    {
        try
        {
            Door.Verify(rootKey, signed, signature, "signature", StatusCode.Unauthenticated,
                "the request signature does not verify with the user's root key.");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            metrics.AuthFailed("bad_root_signature");
            throw;
        }
    }

    /// <summary>
    /// Carries out a root-signed request unless the same signed bytes were already carried out within the skew window,
    /// so a captured request cannot be replayed (say, to re-attach a device the user just removed).
    /// </summary>
    private async Task CarryOutOnceAsync(byte[] rootIdentifier, byte[] signed, long issuedAtUnixMs, Func<Task> operation)
    {
        var guard = grains.GetGrain<IRootRequestGuardGrain>(GrainKeys.ForRoot(rootIdentifier));
        var digest = SHA256.HashData(signed);
        if (await guard.WasCarriedOutAsync(digest))
        {
            metrics.AuthFailed("replayed_root_request");
            throw GatewayErrors.AlreadyExists(
                "This signed request was already carried out; sign a new one (with the current issued_at) to repeat it.");
        }

        await operation();
        await guard.RecordAsync(digest, DateTimeOffset.FromUnixTimeMilliseconds(issuedAtUnixMs) + options.Value.ClockSkew);
    }
}
